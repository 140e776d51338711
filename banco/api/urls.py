"""The open-data API, mounted at /api/v1/ (namespace "api")."""

from django.urls import path, re_path
from rest_framework.routers import SimpleRouter

from . import indicators, views

app_name = "api"

router = SimpleRouter()
router.register("convocatorias", views.CallViewSet, basename="convocatoria")
router.register("propuestas", views.ProposalViewSet, basename="propuesta")
router.register("resultados", views.ResultViewSet, basename="resultado")
router.register("seguimiento", views.ExecutionUpdateViewSet, basename="seguimiento")
router.register("ejes", views.ThemeViewSet, basename="eje")
router.register("territorios", views.TerritoryViewSet, basename="territorio")
indicators.register(router)
router.register("planes/elementos", views.PlanItemViewSet, basename="plan-elemento")
router.register("planes", views.PlanViewSet, basename="plan")

urlpatterns = [
    path("", views.documentation, name="docs"),
    path("esquema/", views.SchemaView.as_view(), name="schema"),
    *router.urls,
    # Anything else under /api/v1/ is a JSON 404 too (addresses without the final slash are
    # redirected to it first by CommonMiddleware).
    re_path(r"^.+/$", views.not_found, name="not_found"),
]
