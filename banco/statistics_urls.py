from django.urls import path

from . import statistics_views

app_name = "estadisticas"

urlpatterns = [
    path("", statistics_views.overall, name="overall"),
    path("<str:key>/", statistics_views.call_statistics, name="call"),
]
