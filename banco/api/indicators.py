"""The indicators in the open-data API: categories, the catalogue and the values (time series
per territory and period), read-only and paginated like every other list."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers

from indicadores import periods
from indicadores.models import Indicator, IndicatorCategory, IndicatorValue

from . import filters
from .errors import BadRequest
from .views import DETAIL_ERRORS, ID_PARAMETER, LIST_ERRORS, ReadOnlyListViewSet, ReadOnlyViewSet

MAX_CODE = 40


class IndicatorCategorySerializer(serializers.ModelSerializer):
    nombre = serializers.CharField(source="name")
    identificador = serializers.CharField(source="slug")
    descripcion = serializers.CharField(source="description")

    class Meta:
        model = IndicatorCategory
        fields = ["id", "nombre", "identificador", "descripcion"]


class IndicatorSerializer(serializers.ModelSerializer):
    clave = serializers.CharField(source="code")
    nombre = serializers.CharField(source="name")
    categoria = serializers.IntegerField(source="category_id", help_text=gettext_lazy("Id de la categoría."))
    unidad = serializers.CharField(source="unit")
    definicion = serializers.CharField(source="definition")
    fuente = serializers.CharField(source="source")
    periodicidad = serializers.ChoiceField(source="periodicity", choices=Indicator.Periodicity.choices)
    nivel = serializers.ChoiceField(source="level", choices=Indicator.Level.choices)

    class Meta:
        model = Indicator
        fields = ["id", "clave", "nombre", "categoria", "unidad", "definicion", "fuente", "periodicidad", "nivel"]


class IndicatorValueSerializer(serializers.ModelSerializer):
    indicador = serializers.IntegerField(source="indicator_id")
    territorio = serializers.IntegerField(source="territory_id", help_text=gettext_lazy("Id del territorio (ver /territorios/)."))
    periodo = serializers.CharField(source="period", help_text=gettext_lazy("2020, 2020-S1, 2020-T3 o 2020-07."))
    valor = serializers.DecimalField(source="value", max_digits=20, decimal_places=4, coerce_to_string=True)
    fuente = serializers.CharField(source="source")
    nota = serializers.CharField(source="note")

    class Meta:
        model = IndicatorValue
        fields = ["id", "indicador", "territorio", "periodo", "valor", "fuente", "nota"]


PERIOD_SCHEMA = {"type": "string", "maxLength": periods.MAX_LENGTH, "pattern": r"^\d{4}(-(S[12]|T[1-4]|0[1-9]|1[0-2]))?$"}
VALUE_PARAMETERS = [
    filters._ids_param("indicador", gettext_lazy("Id de indicador (ver /indicadores/). Se puede repetir.")),
    filters._ids_param("territorio", gettext_lazy("Id de territorio (ver /territorios/). Se puede repetir.")),
    OpenApiParameter("desde", PERIOD_SCHEMA, description=gettext_lazy("Primer periodo (incluido), p. ej. 2015.")),
    OpenApiParameter("hasta", PERIOD_SCHEMA, description=gettext_lazy("Último periodo (incluido), p. ej. 2024.")),
]
INDICATOR_PARAMETERS = [
    filters._ids_param("categoria", gettext_lazy("Id de categoría (ver /indicadores/categorias/). Se puede repetir.")),
]


def _period(params, name):
    raw = (params.get(name) or "").strip()
    if not raw:
        return ""
    normalised = periods.normalise(raw[:20])
    if normalised is None:
        raise BadRequest(_("«%(param)s» debe ser un periodo: 2020, 2020-S1, 2020-T3 o 2020-07.") % {"param": name})
    return normalised


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Categorías de indicadores"),
        responses={200: IndicatorCategorySerializer(many=True), **LIST_ERRORS},
    ),
)
class IndicatorCategoryViewSet(ReadOnlyListViewSet):
    serializer_class = IndicatorCategorySerializer
    queryset = IndicatorCategory.objects.order_by("sort_order", "name", "pk")


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Catálogo de indicadores"),
        description=gettext_lazy("Los indicadores con su definición, unidad, fuente, periodicidad y nivel territorial."),
        parameters=INDICATOR_PARAMETERS,
        responses={200: IndicatorSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("Un indicador"),
        parameters=[ID_PARAMETER],
        responses={200: IndicatorSerializer, **DETAIL_ERRORS},
    ),
)
class IndicatorViewSet(ReadOnlyViewSet):
    serializer_class = IndicatorSerializer
    not_found_message = gettext_lazy("No existe un indicador con ese id.")

    def get_queryset(self):
        queryset = Indicator.objects.order_by("code", "pk")
        if self.action == "list":
            categories = filters.ids(self.request.query_params, "categoria")
            if categories:
                queryset = queryset.filter(category_id__in=categories)
        return queryset


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Valores de indicadores"),
        description=gettext_lazy(
            "Los valores por indicador, territorio y periodo, ordenados por indicador, territorio y "
            "periodo. Los filtros se combinan con Y; los valores de un mismo filtro, con O."
        ),
        parameters=VALUE_PARAMETERS,
        responses={200: IndicatorValueSerializer(many=True), **LIST_ERRORS},
    ),
)
class IndicatorValueViewSet(ReadOnlyListViewSet):
    serializer_class = IndicatorValueSerializer

    def get_queryset(self):
        params = self.request.query_params
        queryset = IndicatorValue.objects.order_by("indicator_id", "territory_id", "period", "pk")
        indicators = filters.ids(params, "indicador")
        territories = filters.ids(params, "territorio")
        start, end = _period(params, "desde"), _period(params, "hasta")
        if indicators:
            queryset = queryset.filter(indicator_id__in=indicators)
        if territories:
            queryset = queryset.filter(territory_id__in=territories)
        if start:
            queryset = queryset.filter(period__gte=start)
        if end:
            queryset = queryset.filter(period__lte=end + "~")  # "2020" takes in 2020-T4 and 2020-12
        return queryset


def register(router):
    # The specific prefixes first: /indicadores/{id}/ would otherwise take "valores".
    router.register("indicadores/categorias", IndicatorCategoryViewSet, basename="indicador-categoria")
    router.register("indicadores/valores", IndicatorValueViewSet, basename="indicador-valor")
    router.register("indicadores", IndicatorViewSet, basename="indicador")
