"""Query-string filters of the API's own lists (results, execution updates).

Proposals are filtered by the bank's own parser (`banco.search.parse_bank_query`), so the API and
the bank page give the same results for the same query string. The parameters documented in the
schema are declared here once (`PROPOSAL_PARAMETERS`, …).
"""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from banco.models import ExecutionUpdate
from banco.search import COST_RANGES, MAX_PER_PAGE, MAX_TEXT_LENGTH, PUBLIC_STATUSES, SORTS
from banco.search.query import ORIGINS
from banco.search import MAX_FACET_VALUES, MAX_PAGE  # noqa: F401  (documented limits)

from .errors import BadRequest

_ID = re.compile(r"^\d{1,15}$")
ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": 10**15 - 1}


def ids(params, name):
    """Every value of `name` as whole positive numbers (repeatable: ?territorio=1&territorio=2)."""
    # Empty values count as absent, as in the bank's parser.
    values = [value.strip() for value in params.getlist(name) if value.strip()]
    if len(values) > MAX_FACET_VALUES:
        raise BadRequest(_("Demasiados valores en «%(param)s» (máximo %(max)s).") % {"param": name, "max": MAX_FACET_VALUES})
    for value in values:
        if not _ID.match(value) or int(value) < 1:
            raise BadRequest(
                _("«%(value)s» no es un valor válido para «%(param)s»: se esperaba un número entero positivo.")
                % {"value": value[:40], "param": name}
            )
    return sorted({int(value) for value in values})


def choices(params, name, allowed):
    values = [value.strip() for value in params.getlist(name) if value.strip()]
    if len(values) > MAX_FACET_VALUES:
        raise BadRequest(_("Demasiados valores en «%(param)s» (máximo %(max)s).") % {"param": name, "max": MAX_FACET_VALUES})
    for value in values:
        if value not in allowed:
            raise BadRequest(
                _("«%(value)s» no es un valor válido para «%(param)s»: se admite %(allowed)s.")
                % {"value": value[:40], "param": name, "allowed": ", ".join(allowed)}
            )
    return sorted(set(values))


def _ids_param(name, description):
    return OpenApiParameter(
        name,
        {"type": "array", "items": ID_SCHEMA, "maxItems": MAX_FACET_VALUES},
        explode=True,
        style="form",
        description=description,
    )


def _enum_param(name, values, description):
    return OpenApiParameter(
        name,
        {"type": "array", "items": {"type": "string", "enum": list(values)}, "maxItems": MAX_FACET_VALUES},
        explode=True,
        style="form",
        description=description,
    )


REPEATABLE = gettext_lazy("Se puede repetir; los valores se combinan con O.")

PROPOSAL_PARAMETERS = [
    OpenApiParameter(
        "q",
        {"type": "string", "maxLength": MAX_TEXT_LENGTH},
        description=gettext_lazy(
            "Texto a buscar en título, resumen, problema y solución (en español: sin distinguir "
            "acentos ni mayúsculas, con raíces: «bicicleta» encuentra «bicicletas»). Todas las "
            "palabras deben aparecer."
        ),
    ),
    _ids_param("convocatoria", gettext_lazy("Id de convocatoria (ver /convocatorias/). Se puede repetir.")),
    OpenApiParameter(
        "anio",
        {"type": "array", "items": {"type": "integer", "minimum": 1, "maximum": 10**15 - 1}, "maxItems": MAX_FACET_VALUES},
        explode=True,
        style="form",
        description=gettext_lazy("Año de envío de la propuesta. Se puede repetir."),
    ),
    _enum_param(
        "origen",
        ORIGINS,
        gettext_lazy(
            "Origen del proyecto: citizen (convocatoria ciudadana), institutional, strategic, local_plan, "
            "municipal_programme (proyectos del registro). Se puede repetir."
        ),
    ),
    _ids_param(
        "plan",
        gettext_lazy("Id de elemento de plan de desarrollo (ver /planes/elementos/): alineados con él o con uno inferior. Se puede repetir."),
    ),
    _ids_param("eje", gettext_lazy("Id de eje temático (ver /ejes/). Se puede repetir.")),
    _ids_param("territorio", gettext_lazy("Id de territorio (ver /territorios/). Se puede repetir.")),
    _enum_param("estado", PUBLIC_STATUSES, gettext_lazy("Estado de la propuesta. Se puede repetir.")),
    _enum_param(
        "costo",
        [cost_range.key for cost_range in COST_RANGES],
        gettext_lazy("Rango de costo: hasta-1m, 1m-10m, 10m-100m, 100m-1000m, mas-1000m. Se puede repetir."),
    ),
    OpenApiParameter(
        "costo_min",
        {"type": "integer", "minimum": 0, "maximum": 10**15},
        description=gettext_lazy("Costo mínimo (validado si existe, si no el estimado), en la moneda de cada convocatoria."),
    ),
    OpenApiParameter(
        "costo_max",
        {"type": "integer", "minimum": 0, "maximum": 10**15},
        description=gettext_lazy("Costo máximo; no puede ser menor que costo_min."),
    ),
    OpenApiParameter(
        "mapa",
        OpenApiTypes.STR,
        enum=["1", "0"],
        description=gettext_lazy("1: solo las propuestas con ubicación."),
    ),
    OpenApiParameter(
        "ejecucion",
        OpenApiTypes.STR,
        enum=["1", "0"],
        description=gettext_lazy("1: solo los proyectos seleccionados, en ejecución o terminados."),
    ),
    OpenApiParameter(
        "orden",
        OpenApiTypes.STR,
        enum=list(SORTS),
        description=gettext_lazy(
            "Orden: relevance (con texto; sin texto equivale a newest), newest, oldest, cost_asc, "
            "cost_desc, supports, title."
        ),
    ),
]

RESULT_PARAMETERS = [
    _ids_param("convocatoria", gettext_lazy("Id de convocatoria. Se puede repetir.")),
    _ids_param("territorio", gettext_lazy("Id de territorio. Se puede repetir.")),
]

EXECUTION_PARAMETERS = [
    _ids_param("convocatoria", gettext_lazy("Id de convocatoria. Se puede repetir.")),
    _ids_param("propuesta", gettext_lazy("Id de propuesta. Se puede repetir.")),
    _enum_param("estado", ExecutionUpdate.Status.values, gettext_lazy("Estado de la ejecución. Se puede repetir.")),
]

PLAN_ITEM_PARAMETERS = [
    _ids_param("plan", gettext_lazy("Id de plan (ver /planes/). Se puede repetir.")),
]

#: Limits the documentation page states.
LIMITS = {"max_per_page": MAX_PER_PAGE, "max_page": MAX_PAGE, "max_text": MAX_TEXT_LENGTH}
