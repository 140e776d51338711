"""URLs of the indicators' admin screens (under /admin/indicadores/, namespace `indicadores_admin`)."""

from django.urls import path

from . import views

urlpatterns = [
    path("importar/", views.ImportView.as_view(), name="import"),
    path("impacto/<int:pk>/", views.ImpactView.as_view(), name="impact"),
]
