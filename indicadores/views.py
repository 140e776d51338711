"""Public pages of the indicators: the catalogue and an indicator's page with its downloads."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from . import exports, selectors

MAX_QUERY = 100


def catalogue(request):
    text = (request.GET.get("q") or "").strip()
    category = (request.GET.get("categoria") or "").strip()
    if len(text) > MAX_QUERY or len(category) > 150:
        return render(
            request,
            "indicadores/catalogue.html",
            {"groups": [], "categories": [], "count": 0, "q": text[:MAX_QUERY], "error": _("La búsqueda es demasiado larga.")},
            status=400,
        )
    groups, categories = selectors.catalogue(text=text, category=category)
    return render(
        request,
        "indicadores/catalogue.html",
        {"groups": groups, "categories": categories, "q": text, "category": category, "count": sum(len(i) for _c, i in groups)},
    )


def _indicator(code):
    indicator = selectors.indicator_by_code(code)
    if indicator is None:
        raise Http404(_("No existe ese indicador."))
    return indicator


def _chosen(request):
    return [int(raw) for raw in request.GET.getlist("territorio")[:20] if raw.isascii() and raw.isdigit() and len(raw) < 12]


def detail(request, code):
    indicator = _indicator(code)
    data = selectors.indicator_series(indicator, request=request, chosen=_chosen(request))
    return render(request, "indicadores/indicator.html", {"indicator": indicator, **data})


def download(request, code, fmt):
    if fmt not in exports.FORMATS:
        raise Http404
    indicator = _indicator(code)
    data = selectors.indicator_series(indicator, request=request)
    return exports.response([data["table"]], fmt, indicator.code)
