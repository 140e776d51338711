"""The bank's query: its parameters, limits, facets, cost ranges and result types (no backend)."""

import dataclasses
import re
from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class BankQueryError(ValueError):
    """A query string the bank cannot understand; the message is for the person (translated)."""


#: Facet names, in the order the page shows them.
FACETS = ("origin", "call", "year", "theme", "territory", "status", "cost")

#: Where a project came from (propuestas.Proposal.Origin): a citizen call or the registry.
ORIGINS = ("citizen", "institutional", "strategic", "local_plan", "municipal_programme")

#: Orders people can choose. "relevance" only means something with text (else it is "newest").
SORTS = ("relevance", "newest", "oldest", "cost_asc", "cost_desc", "supports", "title")

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_TEXT_LENGTH = 200


@dataclass(frozen=True)
class BankQuery:
    text: str = ""
    calls: tuple[int, ...] = ()  # CallPage ids
    years: tuple[int, ...] = ()  # year the proposal was submitted
    themes: tuple[int, ...] = ()  # Theme ids
    territories: tuple[int, ...] = ()  # Territory ids
    statuses: tuple[str, ...] = ()  # Proposal.Status values among the public ones
    origins: tuple[str, ...] = ()  # Proposal.Origin values (ORIGINS)
    plan_items: tuple[int, ...] = ()  # planes.PlanItem ids: aligned with one of them or an item below
    cost_ranges: tuple[str, ...] = ()  # keys of COST_RANGES
    cost_min: int | None = None  # cost = validated cost if any, else the estimate
    cost_max: int | None = None
    has_location: bool = False  # the map view
    in_execution: bool = False  # projects being built or finished (the monitoring page)
    sort: str = "relevance"
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    # --- Links (facet toggles, pages, sorts) ------------------------------------------------

    def to_querydict(self):
        """The query string of this query (only what differs from the defaults), as a QueryDict."""
        return to_querydict(self)

    def querystring(self, **changes):
        """`?…`-less query string of this query with `changes` (BankQuery fields) applied.

        `query.querystring(page=3)`, `query.querystring(sort="cost_asc", page=1)`.
        """
        return dataclasses.replace(self, **changes).to_querydict().urlencode()

    def toggled(self, facet, value):
        """This query with `value` (a FacetValue.value) added to or removed from `facet`, page 1."""
        name = FACET_FIELDS[facet]
        value = int(value) if facet in ID_FACETS or facet in ("year", "plan") else str(value)
        current = getattr(self, name)
        values = tuple(item for item in current if item != value) if value in current else (*current, value)
        return dataclasses.replace(self, **{name: values, "page": 1})

    def toggle_querystring(self, facet, value):
        return self.toggled(facet, value).to_querydict().urlencode()

    def is_selected(self, facet, value):
        return str(value) in {str(item) for item in getattr(self, FACET_FIELDS[facet])}

    @property
    def effective_sort(self):
        """The order really applied: "relevance" without text is "newest"."""
        return "newest" if self.sort == "relevance" and not self.text else self.sort

    @property
    def has_filters(self):
        return bool(
            self.text
            or any(getattr(self, name) for name in FACET_FIELDS.values())
            or self.cost_min is not None
            or self.cost_max is not None
        )


@dataclass(frozen=True)
class FacetValue:
    value: str  # what goes in the query string
    label: str
    count: int
    selected: bool = False


@dataclass
class Hit:
    proposal: object  # a Proposal with call, theme and territory loaded
    highlights: dict = field(default_factory=dict)  # "title" / "summary" → safe HTML with <mark>
    score: float | None = None


@dataclass
class BankResults:
    query: BankQuery
    hits: list[Hit]
    total: int
    facets: dict[str, list[FacetValue]]  # name in FACETS → values with counts

    @property
    def pages(self):
        return max(1, -(-self.total // self.query.per_page))


# --- Query-string parameters ----------------------------------------------------------------------
#
#   q            text (at most MAX_TEXT_LENGTH characters)
#   convocatoria call id (CallPage), repeatable         anio        submission year, repeatable
#   eje          theme id, repeatable                    territorio  territory id, repeatable
#   estado       public status value ("admitted", "selected", …), repeatable
#   costo        cost range key (COST_RANGES), repeatable
#   costo_min / costo_max   whole amounts in the call's currency (cost = validated, else estimate)
#   origen       origin value (ORIGINS), repeatable       plan        plan item id (planes), repeatable
#   mapa=1       only proposals with a location          ejecucion=1 selected, in execution or completed
#   orden        one of SORTS                            pagina, por_pagina (1…MAX_PER_PAGE)

PARAMS = {
    "text": "q",
    "calls": "convocatoria",
    "years": "anio",
    "themes": "eje",
    "territories": "territorio",
    "statuses": "estado",
    "origins": "origen",
    "plan_items": "plan",
    "cost_ranges": "costo",
    "cost_min": "costo_min",
    "cost_max": "costo_max",
    "has_location": "mapa",
    "in_execution": "ejecucion",
    "sort": "orden",
    "page": "pagina",
    "per_page": "por_pagina",
}

#: Facet name (FACETS) → BankQuery field.
FACET_FIELDS = {
    "origin": "origins",
    "plan": "plan_items",
    "call": "calls",
    "year": "years",
    "theme": "themes",
    "territory": "territories",
    "status": "statuses",
    "cost": "cost_ranges",
}
ID_FACETS = ("call", "theme", "territory")

#: At most this many values in one facet parameter (a longer list is a malformed query).
MAX_FACET_VALUES = 50
MAX_PAGE = 10_000
MAX_AMOUNT = 10**15

#: Statuses the bank shows (the public ones), in lifecycle order.
PUBLIC_STATUSES = (
    "submitted",
    "admitted",
    "rejected",
    "shortlisted",
    "not_viable",
    "selected",
    "not_selected",
    "in_execution",
    "completed",
)
EXECUTION_STATUSES = ("selected", "in_execution", "completed")


@dataclass(frozen=True)
class CostRange:
    key: str
    label: str
    low: int | None  # inclusive
    high: int | None  # exclusive

    def contains(self, amount):
        return (self.low is None or amount >= self.low) and (self.high is None or amount < self.high)


#: Cost buckets, in order. Amounts in whole units of each call's currency (calls differ: the
#: buckets are plain amounts, the labels say so without a currency).
COST_RANGES = (
    CostRange("hasta-1m", gettext_lazy("Menos de 1 millón"), None, 1_000_000),
    CostRange("1m-10m", gettext_lazy("De 1 a 10 millones"), 1_000_000, 10_000_000),
    CostRange("10m-100m", gettext_lazy("De 10 a 100 millones"), 10_000_000, 100_000_000),
    CostRange("100m-1000m", gettext_lazy("De 100 a 1.000 millones"), 100_000_000, 1_000_000_000),
    CostRange("mas-1000m", gettext_lazy("1.000 millones o más"), 1_000_000_000, None),
)
COST_RANGE_BY_KEY = {cost_range.key: cost_range for cost_range in COST_RANGES}


def cost_range_of(amount):
    """The key of the COST_RANGES bucket of `amount`."""
    for cost_range in COST_RANGES:
        if cost_range.contains(amount):
            return cost_range.key
    return COST_RANGES[-1].key


_ID = re.compile(r"^\d{1,15}$")
_AMOUNT = re.compile(r"^-?\d{1,16}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TRUE, _FALSE = {"1", "true", "si", "sí", "on"}, {"0", "false", "no", "off"}


def _values(querydict, name):
    if hasattr(querydict, "getlist"):
        raw = querydict.getlist(name)
    else:
        raw = querydict.get(name, [])
        raw = list(raw) if isinstance(raw, (list, tuple)) else [raw]
    values = [str(value).strip() for value in raw if value is not None and str(value).strip() != ""]
    if len(values) > MAX_FACET_VALUES:
        raise BankQueryError(
            _("Demasiados valores en «%(param)s» (máximo %(max)s).") % {"param": name, "max": MAX_FACET_VALUES}
        )
    return values


def _single(querydict, name):
    values = _values(querydict, name)
    return values[-1] if values else None


def _ids(querydict, name, label):
    ids = []
    for value in _values(querydict, name):
        if not _ID.match(value):
            raise BankQueryError(
                _("«%(value)s» no es un valor válido para %(label)s: se esperaba un número.")
                % {"value": value[:40], "label": label}
            )
        if int(value) not in ids:
            ids.append(int(value))
    return tuple(ids)


def _amount(querydict, name, label):
    value = _single(querydict, name)
    if value is None:
        return None
    if not _AMOUNT.match(value):
        raise BankQueryError(_("El %(label)s debe ser un número entero.") % {"label": label})
    amount = int(value)
    if amount < 0:
        raise BankQueryError(_("El %(label)s no puede ser negativo.") % {"label": label})
    if amount > MAX_AMOUNT:
        raise BankQueryError(_("El %(label)s es demasiado grande.") % {"label": label})
    return amount


def _flag(querydict, name):
    value = _single(querydict, name)
    if value is None:
        return False
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise BankQueryError(_("«%(param)s» solo admite 1 o 0.") % {"param": name})


def _positive(querydict, name, default, maximum, message_invalid, message_max):
    value = _single(querydict, name)
    if value is None:
        return default
    if not re.match(r"^\d{1,9}$", value) or int(value) < 1:
        raise BankQueryError(message_invalid)
    if int(value) > maximum:
        raise BankQueryError(message_max)
    return int(value)


def parse_bank_query(querydict):
    """A BankQuery from a request's GET (or any dict of lists/strings). Raises BankQueryError."""
    text = _CONTROL.sub(" ", " ".join(_values(querydict, "q"))).strip()
    if len(text) > MAX_TEXT_LENGTH:
        raise BankQueryError(
            _("El texto de búsqueda es demasiado largo (máximo %(max)s caracteres).") % {"max": MAX_TEXT_LENGTH}
        )
    statuses = []
    for value in _values(querydict, "estado"):
        if value not in PUBLIC_STATUSES:
            raise BankQueryError(_("«%(value)s» no es un estado que el banco muestre.") % {"value": value[:40]})
        if value not in statuses:
            statuses.append(value)
    origins = []
    for value in _values(querydict, "origen"):
        if value not in ORIGINS:
            raise BankQueryError(_("«%(value)s» no es un origen de proyecto conocido.") % {"value": value[:40]})
        if value not in origins:
            origins.append(value)
    cost_ranges = []
    for value in _values(querydict, "costo"):
        if value not in COST_RANGE_BY_KEY:
            raise BankQueryError(_("«%(value)s» no es un rango de costo conocido.") % {"value": value[:40]})
        if value not in cost_ranges:
            cost_ranges.append(value)
    cost_min = _amount(querydict, "costo_min", _("costo mínimo"))
    cost_max = _amount(querydict, "costo_max", _("costo máximo"))
    if cost_min is not None and cost_max is not None and cost_min > cost_max:
        raise BankQueryError(_("El costo mínimo no puede ser mayor que el costo máximo."))
    years = _ids(querydict, "anio", _("el año"))
    sort = _single(querydict, "orden") or "relevance"
    if sort not in SORTS:
        raise BankQueryError(_("«%(value)s» no es un orden disponible.") % {"value": sort[:40]})
    page = _positive(
        querydict,
        "pagina",
        1,
        MAX_PAGE,
        _("La página debe ser un número entero mayor que cero."),
        _("Esa página no existe (máximo %(max)s).") % {"max": MAX_PAGE},
    )
    per_page = _positive(
        querydict,
        "por_pagina",
        DEFAULT_PER_PAGE,
        MAX_PER_PAGE,
        _("El número de resultados por página debe ser un entero mayor que cero."),
        _("Se muestran como máximo %(max)s resultados por página.") % {"max": MAX_PER_PAGE},
    )
    return BankQuery(
        text=text,
        calls=_ids(querydict, "convocatoria", _("la convocatoria")),
        years=years,
        themes=_ids(querydict, "eje", _("el eje temático")),
        territories=_ids(querydict, "territorio", _("el territorio")),
        statuses=tuple(statuses),
        origins=tuple(origins),
        plan_items=_ids(querydict, "plan", _("el elemento de plan")),
        cost_ranges=tuple(cost_ranges),
        cost_min=cost_min,
        cost_max=cost_max,
        has_location=_flag(querydict, "mapa"),
        in_execution=_flag(querydict, "ejecucion"),
        sort=sort,
        page=page,
        per_page=per_page,
    )


def to_querydict(query):
    """The inverse of parse_bank_query: only what differs from the defaults."""
    querydict = QueryDict(mutable=True)
    defaults = BankQuery()
    for name, param in PARAMS.items():
        value = getattr(query, name)
        if value == getattr(defaults, name) or value is None:
            continue
        if isinstance(value, tuple):
            querydict.setlist(param, [str(item) for item in value])
        elif isinstance(value, bool):
            querydict[param] = "1"
        else:
            querydict[param] = str(value)
    return querydict


