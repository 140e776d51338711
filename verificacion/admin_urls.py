"""The URLs of the "Verificación" admin screens (under /admin/verificacion/, namespace `verificacion_admin`)."""

from django.urls import path

from . import admin_views as views

urlpatterns = [
    path("padron/", views.CensusView.as_view(), name="census"),
    path("mesa/", views.DeskView.as_view(), name="desk"),
    path("solicitudes/", views.RequestsView.as_view(), name="requests"),
]
