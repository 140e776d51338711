"""The open-data API: read-only JSON views (GET only), thin over the domain's selectors.

Every list is paginated (`?pagina=`, `?por_pagina=`), every error is a JSON `detail` in Spanish,
and the queries of a page do not grow with the number of rows on it.
"""

import re
from functools import lru_cache

from django.db.models import Count, F, Prefetch, Q
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework import exceptions, mixins, permissions, viewsets
from rest_framework.permissions import SAFE_METHODS

from banco.models import ExecutionPhoto, ExecutionUpdate
from banco.search import get_backend, parse_bank_query
from convocatorias.models import CallTerritory, Territory, Theme
from convocatorias.selectors import published_calls
from propuestas.lifecycle import PUBLIC_STATES
from planes import selectors as plan_selectors
from planes.models import Plan, PlanItem
from propuestas.models import Proposal
from votaciones.models import BoxResult
from votaciones.services import voting_closed

from . import filters, serializers
from .errors import ErrorSerializer

_PK = re.compile(r"^\d{1,15}$")


def _error(description):
    return OpenApiResponse(ErrorSerializer, description=description)


LIST_ERRORS = {
    400: _error(gettext_lazy("Parámetros no válidos (página, tamaño de página o filtros).")),
    404: _error(gettext_lazy("La página pedida está después de la última.")),
    429: _error(gettext_lazy("Demasiadas solicitudes: espere los segundos que indica la cabecera Retry-After.")),
}
ID_PARAMETER = OpenApiParameter(
    "id", {"type": "integer", "minimum": 1}, OpenApiParameter.PATH, description=gettext_lazy("El id del elemento.")
)
DETAIL_ERRORS = {
    404: _error(gettext_lazy("No existe, o no es público.")),
    429: LIST_ERRORS[429],
}


class ReadOnlyApiMixin:
    # GET (and HEAD, OPTIONS) only, anyone may read, throttled by the REST_FRAMEWORK defaults.

    permission_classes = [permissions.AllowAny]

    def initial(self, request, *args, **kwargs):
        # Refuse writes before authentication: a 405 whoever asks, never a CSRF 403.
        if request.method not in SAFE_METHODS:
            raise exceptions.MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)

    def get_object(self):
        raw = str(self.kwargs.get(self.lookup_url_kwarg or self.lookup_field, ""))
        if not _PK.match(raw):
            raise exceptions.NotFound(_("No existe: el id debe ser un número entero positivo."))
        try:
            obj = self.get_queryset().get(pk=int(raw))
        except self.get_queryset().model.DoesNotExist:
            raise exceptions.NotFound(self.not_found_message) from None
        return obj

    not_found_message = gettext_lazy("No existe, o no es público.")


class ReadOnlyListViewSet(ReadOnlyApiMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    pass


class ReadOnlyViewSet(ReadOnlyApiMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    pass


# --- Calls ---------------------------------------------------------------------------------------


def public_calls():
    """Published calls with their phases, territories (with ceilings) and themes loaded."""
    public = Q(proposals__status__in=[state.value for state in PUBLIC_STATES], proposals__hidden=False)
    return published_calls().annotate(public_proposals=Count("proposals", filter=public, distinct=True)).prefetch_related(
        Prefetch("territories", queryset=CallTerritory.objects.select_related("territory").order_by("sort_order", "pk")),
        "themes",
    )


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Convocatorias publicadas"),
        description=gettext_lazy(
            "Las convocatorias publicadas, de la más reciente a la más antigua, con sus fases, "
            "territorios con techo presupuestal y ejes temáticos."
        ),
        responses={200: serializers.CallSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("Una convocatoria"),
        parameters=[ID_PARAMETER],
        responses={200: serializers.CallSerializer, **DETAIL_ERRORS},
    ),
)
class CallViewSet(ReadOnlyViewSet):
    serializer_class = serializers.CallSerializer
    not_found_message = gettext_lazy("No existe una convocatoria publicada con ese id.")

    def get_queryset(self):
        return public_calls()

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "now": timezone.now()}


# --- Proposals -----------------------------------------------------------------------------------


def _with_relations(queryset):
    # The API shows the call as an id: no need to load the call pages the bank joins.
    return (
        queryset.select_related(None)
        .select_related("theme", "territory", "author", "group")
        .annotate(call_currency=F("call__currency"))
    )


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Propuestas públicas del Banco de Proyectos"),
        description=gettext_lazy(
            "Las propuestas públicas (enviadas o en un estado posterior; nunca borradores, retiradas "
            "ni ocultas por moderación) con los mismos filtros y el mismo orden que la búsqueda del "
            "Banco de Proyectos. Los filtros distintos se combinan con Y; los valores repetidos de "
            "un mismo filtro, con O."
        ),
        parameters=filters.PROPOSAL_PARAMETERS,
        responses={200: serializers.ProposalSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("Una propuesta pública"),
        parameters=[ID_PARAMETER],
        responses={200: serializers.ProposalSerializer, **DETAIL_ERRORS},
    ),
)
class ProposalViewSet(ReadOnlyViewSet):
    serializer_class = serializers.ProposalSerializer
    not_found_message = gettext_lazy("No existe una propuesta pública con ese id.")

    def get_queryset(self):
        if self.action == "list":
            query = parse_bank_query(self.request.query_params)  # BankQueryError → 400
            return _with_relations(get_backend().queryset(query))
        return _with_relations(Proposal.objects.public())


# --- Results ------------------------------------------------------------------------------------


def closed_calls(now=None):
    """{id: call} of the published calls whose vote has closed."""
    now = now or timezone.now()
    return {call.pk: call for call in published_calls() if voting_closed(call, now)}


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Resultados de las votaciones"),
        description=gettext_lazy(
            "Un resultado por convocatoria y territorio, solo después del cierre de la votación y "
            "una vez contado: proyectos ganadores, votos (o puntos) y papeletas que eligieron cada "
            "proyecto, presupuesto asignado y participación por canal. Nunca la papeleta de una "
            "persona. Antes del cierre la lista no incluye la convocatoria."
        ),
        parameters=filters.RESULT_PARAMETERS,
        responses={200: serializers.ResultSerializer(many=True), **LIST_ERRORS},
    ),
)
class ResultViewSet(ReadOnlyListViewSet):
    serializer_class = serializers.ResultSerializer

    def get_queryset(self):
        params = self.request.query_params
        call_ids = filters.ids(params, "convocatoria")
        territory_ids = filters.ids(params, "territorio")
        self.calls = closed_calls()
        wanted = [pk for pk in self.calls if not call_ids or pk in call_ids]
        queryset = BoxResult.objects.filter(box__call_id__in=wanted).select_related("box__territory")
        if territory_ids:
            queryset = queryset.filter(box__territory_id__in=territory_ids)
        return queryset.order_by("box__call_id", "box__territory__name", "pk")

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        ids = {entry.get("id") for result in page for entry in result.projects}
        public_ids = set(Proposal.objects.public().filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
        context = {**self.get_serializer_context(), "calls": self.calls, "public_ids": public_ids}
        data = self.get_serializer_class()(page, many=True, context=context).data
        return self.get_paginated_response(data)


# --- Execution updates ---------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Seguimiento de la ejecución"),
        description=gettext_lazy(
            "Las actualizaciones publicadas sobre la ejecución de los proyectos públicos, de la más "
            "reciente a la más antigua: estado, avance, montos comprometido y ejecutado, fechas, "
            "texto y fotos con su descripción."
        ),
        parameters=filters.EXECUTION_PARAMETERS,
        responses={200: serializers.ExecutionUpdateSerializer(many=True), **LIST_ERRORS},
    ),
)
class ExecutionUpdateViewSet(ReadOnlyListViewSet):
    serializer_class = serializers.ExecutionUpdateSerializer

    def get_queryset(self):
        params = self.request.query_params
        call_ids = filters.ids(params, "convocatoria")
        proposal_ids = filters.ids(params, "propuesta")
        statuses = filters.choices(params, "estado", ExecutionUpdate.Status.values)
        queryset = (
            ExecutionUpdate.objects.filter(proposal__in=Proposal.objects.public(), published_at__lte=timezone.now())
            .select_related("proposal")
            .prefetch_related(Prefetch("photos", queryset=ExecutionPhoto.objects.order_by("sort_order", "pk")))
            .order_by("-published_at", "-pk")
        )
        if call_ids:
            queryset = queryset.filter(proposal__call_id__in=call_ids)
        if proposal_ids:
            queryset = queryset.filter(proposal_id__in=proposal_ids)
        if statuses:
            queryset = queryset.filter(status__in=statuses)
        return queryset


# --- Reference lists ------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Ejes temáticos"),
        responses={200: serializers.ThemeSerializer(many=True), **LIST_ERRORS},
    ),
)
class ThemeViewSet(ReadOnlyListViewSet):
    serializer_class = serializers.ThemeSerializer
    queryset = Theme.objects.order_by("name", "pk")


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Territorios"),
        responses={200: serializers.TerritorySerializer(many=True), **LIST_ERRORS},
    ),
)
class TerritoryViewSet(ReadOnlyListViewSet):
    serializer_class = serializers.TerritorySerializer
    queryset = Territory.objects.order_by("municipality", "kind", "code", "name", "pk")


# --- Development plans ---------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Planes de desarrollo"),
        description=gettext_lazy(
            "Los planes vigentes e históricos: Plan Municipal de Desarrollo, Programa de Gobierno "
            "Municipal, Programa Municipal de Desarrollo Urbano y planes de desarrollo local de "
            "comunas y corregimientos, con su periodo."
        ),
        responses={200: serializers.PlanSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("Un plan de desarrollo"),
        parameters=[ID_PARAMETER],
        responses={200: serializers.PlanSerializer, **DETAIL_ERRORS},
    ),
)
class PlanViewSet(ReadOnlyViewSet):
    serializer_class = serializers.PlanSerializer
    not_found_message = gettext_lazy("No existe un plan con ese id.")

    def get_queryset(self):
        return Plan.objects.order_by("municipality", "level", "-start_year", "name", "pk")


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Elementos de los planes de desarrollo"),
        description=gettext_lazy(
            "Ejes, programas y metas de cada plan (una lista de adyacencia: «superior» es el id del "
            "elemento que lo contiene), con cuántos proyectos públicos del banco están alineados."
        ),
        parameters=filters.PLAN_ITEM_PARAMETERS,
        responses={200: serializers.PlanItemSerializer(many=True), **LIST_ERRORS},
    ),
)
class PlanItemViewSet(ReadOnlyListViewSet):
    serializer_class = serializers.PlanItemSerializer

    def get_queryset(self):
        queryset = PlanItem.objects.order_by("plan_id", "sort_order", "code", "pk")
        plans = filters.ids(self.request.query_params, "plan")
        if plans:
            queryset = queryset.filter(plan_id__in=plans)
        return queryset

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self, "swagger_fake_view", False):
            return context
        plans = filters.ids(self.request.query_params, "plan") or list(Plan.objects.values_list("pk", flat=True))
        context["counts"] = plan_selectors.item_counts(plans)
        return context


def not_found(request, *args, **kwargs):
    from django.http import JsonResponse

    return JsonResponse(
        {"detail": _("No existe esa dirección en la API: vea la lista de recursos en /api/v1/.")},
        status=404,
        json_dumps_params={"ensure_ascii": False},
    )


# --- Schema and documentation ---------------------------------------------------------------------


class SchemaView(ReadOnlyApiMixin, SpectacularJSONAPIView):
    # The OpenAPI 3 schema, as JSON.
    pass


@lru_cache(maxsize=4)
def _schema(language):
    with translation.override(language):
        return SchemaGenerator().get_schema(request=None, public=True)


def documentation_schema():
    """The schema the documentation page describes (built once per language and process)."""
    return _schema(translation.get_language() or "es")


def documentation(request):
    """/api/v1/: what the API offers, for people (endpoints, parameters, limits), from the schema."""
    from django.conf import settings
    from django.urls import reverse

    schema = documentation_schema()
    endpoints = []
    for path, operations in schema.get("paths", {}).items():
        operation = operations.get("get")
        if not operation:
            continue
        endpoints.append(
            {
                "path": path,
                "summary": operation.get("summary", ""),
                "description": operation.get("description", ""),
                "parameters": [
                    {
                        "name": parameter["name"],
                        "where": parameter["in"],
                        "type": _type_text(parameter.get("schema", {})),
                        "description": parameter.get("description", ""),
                    }
                    for parameter in operation.get("parameters", [])
                ],
                "responses": sorted(operation.get("responses", {})),
            }
        )
    rates = settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {})
    context = {
        "endpoints": endpoints,
        "schema_url": reverse("api:schema"),
        "rate_anon": rates.get("anon"),
        "rate_user": rates.get("user"),
        "limits": filters.LIMITS,
        "api_root": request.build_absolute_uri(reverse("api:docs")),
    }
    return render(request, "banco/api/documentation.html", context)


def _type_text(schema):
    if schema.get("type") == "array":
        return _type_text(schema.get("items", {})) + " " + _("(repetible)")
    if "enum" in schema:
        return " | ".join(str(value) for value in schema["enum"])
    text = {"integer": _("entero"), "string": _("texto"), "number": _("número"), "boolean": _("sí/no")}.get(
        schema.get("type"), schema.get("type", "")
    )
    bounds = []
    if "minimum" in schema:
        bounds.append(f"≥ {schema['minimum']}")
    if "maximum" in schema:
        bounds.append(f"≤ {number_format(schema['maximum'], force_grouping=True)}")
    if "maxLength" in schema:
        bounds.append(_("máx. %(n)s caracteres") % {"n": schema["maxLength"]})
    return f"{text} ({', '.join(bounds)})" if bounds else text
