"""Public pages of the project bank: search with facets, map, projects in execution, downloads
and the "similar proposals" fragment of the submission form.

Thin: the query string is read by `search.parse_bank_query` (BankQueryError → 400 with its
message), results come from `search.get_backend()`, latest execution updates from
`execution.latest_updates`, files from `exports.export_response`. What is left here is the page:
facet panel, removable chips, links that keep the filters, pagination and map data.
"""

import dataclasses

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from convocatorias.models import CallPage
from convocatorias.money import format_money
from portal import ratelimit
from .search import similar_proposals

from . import execution, extensions, search
from .exports import export_response

#: Markers a map draws at most; past it the page says how many were left out.
MAP_LIMIT = 2000
#: Proposals the similar panel of the submission form lists.
SIMILAR_LIMIT = 5
DOWNLOAD_FORMATS = ("csv", "xlsx", "json")


FACET_LABELS = {
    "origin": gettext_lazy("Origen"),
    "plan": gettext_lazy("Alineado con el plan"),
    "call": gettext_lazy("Convocatoria"),
    "year": gettext_lazy("Año"),
    "theme": gettext_lazy("Eje temático"),
    "territory": gettext_lazy("Territorio"),
    "status": gettext_lazy("Estado"),
    "cost": gettext_lazy("Costo"),
}
SORT_LABELS = {
    "relevance": gettext_lazy("Relevancia"),
    "newest": gettext_lazy("Más recientes"),
    "oldest": gettext_lazy("Más antiguas"),
    "cost_asc": gettext_lazy("Costo: de menor a mayor"),
    "cost_desc": gettext_lazy("Costo: de mayor a menor"),
    "supports": gettext_lazy("Más apoyos"),
    "title": gettext_lazy("Título (A–Z)"),
}


def _client_ip(request):
    return request.META.get("REMOTE_ADDR") or "unknown"


def _too_many(request):
    return render(request, "429.html", status=429)


# --- Query strings -----------------------------------------------------------------------------
# Links are built from the parsed query (BankQuery.querystring / toggle_querystring), so they only
# carry what the bank understands. What a page forces (map: has_location, execution list:
# in_execution) stays out of its links: the address says it already.


def _visible(query):
    """The visitor's own filters: the query without what the page forces."""
    return dataclasses.replace(query, has_location=False, in_execution=False)


@dataclasses.dataclass
class ResultsPage:
    """What portal/includes/pagination.html reads from a Django page, for BankResults."""

    number: int
    num_pages: int
    count: int

    @property
    def paginator(self):
        return self

    def has_other_pages(self):
        return self.num_pages > 1

    def has_previous(self):
        return self.number > 1

    def has_next(self):
        return self.number < self.num_pages

    def previous_page_number(self):
        return self.number - 1

    def next_page_number(self):
        return self.number + 1


def _facet_param(facet):
    return search.PARAMS[search.FACET_FIELDS[facet]]


def _facet_panel(results, query):
    """The facets in page order, each value with the address that toggles it."""
    panel = []
    for name in (*search.FACETS, "plan"):
        values = results.facets.get(name) or []
        if name == "origin" and len(values) < 2 and not any(value.selected for value in values):
            continue  # one origin only (every project came from calls): nothing to choose
        if values:
            panel.append(
                {
                    "name": name,
                    "label": FACET_LABELS[name],
                    "param": _facet_param(name),
                    "values": [
                        {"value": value, "toggle": query.toggle_querystring(name, value.value)} for value in values
                    ],
                }
            )
    return panel


def _chips(query, results):
    """What is filtering the results now, each with the address that removes it."""
    chips = []
    if query.text:
        chips.append(
            {"label": _("Texto: «%(text)s»") % {"text": query.text}, "remove": query.querystring(text="", page=1)}
        )
    for name in (*search.FACETS, "plan"):
        for value in results.facets.get(name) or []:
            if value.selected:
                label = f"{FACET_LABELS[name]}: {value.label}"
                chips.append({"label": label, "remove": query.toggle_querystring(name, value.value)})
    if query.cost_min is not None:
        chips.append(
            {
                "label": _("Costo desde %(amount)s") % {"amount": format_money(query.cost_min, "")},
                "remove": query.querystring(cost_min=None, page=1),
            }
        )
    if query.cost_max is not None:
        chips.append(
            {
                "label": _("Costo hasta %(amount)s") % {"amount": format_money(query.cost_max, "")},
                "remove": query.querystring(cost_max=None, page=1),
            }
        )
    return chips


def _read_query(request, **fixed):
    """(query, error): the visitor's query with `fixed` fields forced (map, execution)."""
    try:
        query = search.parse_bank_query(request.GET)
    except search.BankQueryError as error:
        return None, str(error)
    return (dataclasses.replace(query, **fixed) if fixed else query), None


def _run(query):
    """Search; a page past the end shows the last page."""
    backend = search.get_backend()
    results = backend.search(query)
    if results.total and query.page > results.pages:
        results = backend.search(dataclasses.replace(query, page=results.pages))
    return results


# --- Pages -------------------------------------------------------------------------------------

VIEWS = {
    # kind: (list view, map view, query fields the page forces)
    "bank": ("banco:search", "banco:map", {}),
    "execution": ("banco:execution", "banco:execution_map", {"in_execution": True}),
}


def _page(request, kind, *, map_view):
    list_name, map_name, fixed = VIEWS[kind]
    if map_view:
        fixed = {**fixed, "has_location": True}
    query, error = _read_query(request, **fixed)
    context = {
        "kind": kind,
        "map_view": map_view,
        "list_url": reverse(list_name),
        "map_url": reverse(map_name),
        "params": search.PARAMS,
        "sorts": [(value, SORT_LABELS[value]) for value in search.SORTS],
        "text_max_length": search.MAX_TEXT_LENGTH,
        "default_per_page": search.DEFAULT_PER_PAGE,
    }
    if error:
        text = request.GET.get(search.PARAMS["text"], "")[: search.MAX_TEXT_LENGTH]
        context.update(error=error, text=text)
        return render(request, "banco/bank/search.html", context, status=400)

    results = _run(query)
    hits = results.hits
    if kind == "execution":
        updates = execution.latest_updates([hit.proposal.pk for hit in hits])
        for hit in hits:
            hit.update = updates.get(hit.proposal.pk)
    visible = _visible(results.query)
    current = visible.querystring(page=1)
    # Downloads keep everything, forced fields included (the execution list, the map's located ones).
    download_query = results.query.querystring(page=1, per_page=search.DEFAULT_PER_PAGE)
    context.update(
        bank_query=results.query,
        results=results,
        hits=hits,
        filtered=visible.has_filters,
        facets=_facet_panel(results, visible),
        chips=_chips(visible, results),
        current=current,
        pagination_query=f"{current}&" if current else "",
        page_obj=ResultsPage(number=results.query.page, num_pages=results.pages, count=results.total),
        downloads=[
            (fmt.upper(), reverse("banco:download", args=[fmt]) + (f"?{download_query}" if download_query else ""))
            for fmt in DOWNLOAD_FORMATS
        ],
    )
    context["bank_panels"] = extensions.search_panels(request, results.query, results)
    if map_view:
        context.update(_map_points(results.query))
    return render(request, "banco/bank/search.html", context)


def _map_points(query):
    """The located proposals of the query for the map (at most MAP_LIMIT), json_script-ready."""
    proposals = list(
        search.get_backend()
        .queryset(query)
        .select_related(None)
        .select_related("territory")
        .only("pk", "title", "reference", "latitude", "longitude", "territory__name")[: MAP_LIMIT + 1]
    )
    points = [
        {
            "id": proposal.pk,
            "title": proposal.title,
            "lat": float(proposal.latitude),
            "lng": float(proposal.longitude),
            "url": reverse("propuestas:detail", args=[proposal.pk]),
            "meta": f"{proposal.reference} · {proposal.territory.name}",
        }
        for proposal in proposals[:MAP_LIMIT]
        if proposal.latitude is not None and proposal.longitude is not None
    ]
    return {"map_points": points, "map_truncated": len(proposals) > MAP_LIMIT, "map_limit": MAP_LIMIT}


@require_GET
def bank_search(request):
    """/banco/: every public proposal of every call, searchable and filterable."""
    return _page(request, "bank", map_view=False)


@require_GET
def bank_map(request):
    """/banco/mapa/: the same filters, the located proposals on a map (and as a list)."""
    return _page(request, "bank", map_view=True)


@require_GET
def execution_list(request):
    """/banco/en-ejecucion/: selected projects being built or finished, with their progress."""
    return _page(request, "execution", map_view=False)


@require_GET
def execution_map(request):
    return _page(request, "execution", map_view=True)


@require_GET
def download(request, fmt):
    """The bank with the current filters as CSV, XLSX or JSON (open data)."""
    if fmt not in DOWNLOAD_FORMATS:
        raise Http404
    query, error = _read_query(request)
    if error:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    if not ratelimit.hit("bank_download", _client_ip(request)):
        return _too_many(request)
    return export_response(query, fmt)


@require_GET
def similar(request):
    """An HTML fragment with up to five public proposals like the title being written
    (`?q=<title>&convocatoria=<id>[&excluir=<id>]`), for the submission form's panel."""
    if not ratelimit.hit("bank_similar", _client_ip(request)):
        error = _("Demasiadas consultas seguidas. Espere un momento.")
        return render(request, "banco/bank/_similar.html", {"error": error}, status=429)
    text = " ".join(request.GET.get("q", "").split())[: search.MAX_TEXT_LENGTH]
    ids = {}
    for name in ("convocatoria", "excluir"):
        raw = request.GET.get(name, "").strip()
        if raw and not (raw.isascii() and raw.isdigit() and len(raw) < 10):
            error = _("La consulta de propuestas parecidas no es válida.")
            return render(request, "banco/bank/_similar.html", {"error": error}, status=400)
        ids[name] = int(raw) if raw else None
    call = CallPage.objects.filter(pk=ids["convocatoria"]).first() if ids["convocatoria"] else None
    proposals = []
    if text and (call is not None or ids["convocatoria"] is None):
        proposals = similar_proposals(call=call, text=text, exclude_pk=ids["excluir"], limit=SIMILAR_LIMIT)
    response = render(request, "banco/bank/_similar.html", {"proposals": proposals[:SIMILAR_LIMIT], "text": text})
    response["X-Robots-Tag"] = "noindex"
    return response
