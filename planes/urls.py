from django.urls import path

from . import views

app_name = "planes"

urlpatterns = [
    path("", views.plan_index, name="index"),
    path("descargar.csv", views.download, name="download"),
    path("<slug:slug>/", views.plan_detail, name="detail"),
]
