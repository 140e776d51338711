"""Public URLs of the indicators (under /indicadores/, namespace `indicadores`)."""

from django.urls import path

from . import views

app_name = "indicadores"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/datos.<str:fmt>", views.download, name="download"),
]
