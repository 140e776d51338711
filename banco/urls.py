"""Public pages of the project bank (mounted at /banco/)."""

from django.urls import path, re_path

from . import views

app_name = "banco"

urlpatterns = [
    path("", views.bank_search, name="search"),
    path("mapa/", views.bank_map, name="map"),
    path("en-ejecucion/", views.execution_list, name="execution"),
    path("en-ejecucion/mapa/", views.execution_map, name="execution_map"),
    re_path(r"^descargar\.(?P<fmt>csv|xlsx|json)$", views.download, name="download"),
    path("similares/", views.similar, name="similar"),
]
