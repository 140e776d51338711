"""Public pages of the development plans: the list with every plan's tree, one plan, the download."""

import csv

from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from . import selectors

CSV_COLUMNS = (
    "plan", "plan_nombre", "nivel", "municipio", "territorio", "inicio", "termino",
    "elemento", "tipo", "clave", "nombre", "superior", "proyectos",
)


def plan_index(request):
    plans = selectors.plans_overview()
    municipalities = {}
    for plan in plans:
        municipalities.setdefault(plan.municipality, []).append(plan)
    return render(
        request,
        "planes/index.html",
        {"municipalities": list(municipalities.items()), "plans": plans, "year": timezone.localdate().year},
    )


def plan_detail(request, slug):
    plan = selectors.plan_detail(slug)
    if plan is None:
        raise Http404
    return render(request, "planes/detail.html", {"plan": plan, "year": timezone.localdate().year})


class _Echo:
    def write(self, value):
        return value


def _cell(value):
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def download(request):
    """Every plan item with its plan and aligned-project count (open data, CSV with BOM)."""
    writer = csv.writer(_Echo())

    def stream():
        yield "\ufeff" + writer.writerow(CSV_COLUMNS)
        for row in selectors.export_rows():
            yield writer.writerow([_cell(row[key]) for key in CSV_COLUMNS])

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="planes-de-desarrollo-{timezone.localdate():%Y-%m-%d}.csv"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
