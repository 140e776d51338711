from django.urls import path

from . import views

app_name = "avisos"

urlpatterns = [
    path("cuenta/avisos/", views.inbox, name="inbox"),
    path("cuenta/avisos/<str:pk>/abrir/", views.open_notification, name="open"),
    path("cuenta/avisos/preferencias/", views.preferences, name="preferences"),
    path("cuenta/avisos/seguimientos/<str:pk>/", views.follow_edit, name="follow_edit"),
    path("avisos/seguir/", views.follow, name="follow"),
    path("avisos/dejar-de-seguir/", views.unfollow, name="unfollow"),
    path("avisos/baja/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
