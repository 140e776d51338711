from django.urls import path

from . import views

app_name = "talleres"

urlpatterns = [
    path("", views.workshop_list, name="list"),
    path("estadisticas/", views.statistics_page, name="statistics"),
    path("<int:pk>/", views.workshop_detail, name="detail"),
    path("<int:pk>/inscribirme/", views.register, name="register"),
    path("<int:pk>/cancelar/", views.cancel, name="cancel"),
    path("<int:pk>/asistencia/", views.attendance, name="attendance"),
    path("<int:pk>/ideas/nueva/", views.idea_new, name="idea_new"),
]
