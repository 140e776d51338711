from django.urls import path

from . import extensions, views

app_name = "propuestas"

urlpatterns = [
    path("<int:pk>/", views.proposal_detail, name="detail"),
    path("<int:pk>/editar/", views.proposal_edit, name="edit"),
    path("<int:pk>/enviar/", views.proposal_submit, name="submit"),
    path("<int:pk>/retirar/", views.proposal_withdraw, name="withdraw"),
    path("<int:pk>/eliminar/", views.proposal_delete, name="delete"),
    path("<int:pk>/apoyar/", views.proposal_support, name="support"),
    path("grupos/nuevo/", views.group_create, name="group_create"),
    path("grupos/<int:pk>/", views.group_detail, name="group_detail"),
    path("grupos/<int:pk>/salir/", views.group_leave, name="group_leave"),
    path("grupos/<int:pk>/nuevo-codigo/", views.group_new_code, name="group_new_code"),
    path("grupos/unirse/", views.group_join, name="group_join"),
    path("grupos/unirse/<str:code>/", views.group_join, name="group_join_link"),
    path("mi-participacion/", views.participation, name="participation"),
    # What the apps above register (the evaluation sheet's pages, for one).
    *extensions.urlpatterns(),
]
