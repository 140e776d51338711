"""Open data: every proposal matching a bank query as CSV, XLSX or JSON.

    export_response(query, "csv")   # an attachment HttpResponse (streamed for CSV and JSON)

The rows are the public ones the search returns, in its order, pagination ignored. No personal
data: no emails, no account data; the author is shown as on the proposal page (group name or the
person's public name). The number of queries is constant (one, iterated in chunks).
"""

import csv
import json
from io import BytesIO

from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .search import get_backend

FORMATS = ("csv", "xlsx", "json")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
CHUNK = 2000

#: (key in JSON, column header) in order.
COLUMNS = (
    ("reference", "referencia"),
    ("title", "título"),
    ("origin", "origen"),
    ("call", "convocatoria"),
    ("year", "año"),
    ("theme", "eje temático"),
    ("territory", "territorio"),
    ("status", "estado"),
    ("currency", "moneda"),
    ("estimated_cost", "costo estimado"),
    ("validated_cost", "costo validado"),
    ("supports", "apoyos"),
    ("comments", "comentarios"),
    ("submitted_at", "fecha de envío"),
    ("latitude", "latitud"),
    ("longitude", "longitud"),
    ("author", "autoría"),
    ("url", "enlace"),
    ("summary", "resumen"),
    ("responsible_office", "dependencia responsable"),
    ("funding_source", "fuente de financiamiento"),
    ("external_reference", "referencia externa"),
)


def export_queryset(query):
    """The proposals of the export: one query, only the columns needed."""
    return (
        get_backend()
        .queryset(query)
        .select_related("group", "author")
        .only(
            "id",
            "reference",
            "title",
            "summary",
            "status",
            "estimated_cost",
            "validated_cost",
            "supports_count",
            "comments_count",
            "submitted_at",
            "latitude",
            "longitude",
            "call__title",
            "call__currency",
            "origin",
            "year",
            "responsible_office",
            "funding_source",
            "external_reference",
            "registry_currency",
            "theme__name",
            "territory__name",
            "group__name",
            "author__display_name",
            "author_id",
            "authorship",
            "group_id",
        )
    )


def rows(query):
    """Dicts in COLUMNS order (JSON-ready values) for every matching proposal."""
    base_url = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    # One reverse() for all rows: the detail URL with a placeholder id.
    placeholder = 987654321
    detail_url = base_url + reverse("propuestas:detail", args=[placeholder])
    statuses = origins = None
    zone = timezone.get_default_timezone()
    for proposal in export_queryset(query).iterator(chunk_size=CHUNK):
        if statuses is None:
            statuses = dict(type(proposal).Status.choices)
            origins = dict(type(proposal).Origin.choices)
        submitted = timezone.localtime(proposal.submitted_at, zone) if proposal.submitted_at else None
        yield {
            "reference": proposal.reference or "",
            "title": proposal.title,
            "origin": str(origins.get(proposal.origin, proposal.origin)),
            "call": proposal.call.title if proposal.call_id else "",
            # A registry project's own year (the year it belongs to), else the submission's.
            "year": proposal.year or (submitted.year if submitted else None),
            "theme": proposal.theme.name,
            "territory": proposal.territory.name,
            "status": str(statuses.get(proposal.status, proposal.status)),
            "currency": proposal.currency,
            "estimated_cost": proposal.estimated_cost,
            "validated_cost": proposal.validated_cost,
            "supports": proposal.supports_count,
            "comments": proposal.comments_count,
            "submitted_at": submitted.isoformat() if submitted else None,
            "latitude": float(proposal.latitude) if proposal.latitude is not None else None,
            "longitude": float(proposal.longitude) if proposal.longitude is not None else None,
            "author": str(proposal.author_name),
            "url": detail_url.replace(str(placeholder), str(proposal.pk)),
            "summary": proposal.summary,
            "responsible_office": proposal.responsible_office,
            "funding_source": proposal.funding_source,
            "external_reference": proposal.external_reference or "",
        }


def _filename(fmt):
    return f"banco-de-proyectos-{timezone.localdate():%Y-%m-%d}.{fmt}"


class _Echo:
    def write(self, value):
        return value


def _csv_cell(value):
    if value is None:
        return ""
    text = str(value)
    # Spreadsheets run cells starting with = + - @ as formulas: quote them (CSV injection).
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(text):
        return "'" + text
    return text


def _is_number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True


def _csv_stream(query):
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([header for _key, header in COLUMNS])
    for row in rows(query):
        yield writer.writerow([_csv_cell(row[key]) for key, _header in COLUMNS])


def _json_stream(query):
    yield "["
    first = True
    for row in rows(query):
        yield ("\n" if first else ",\n") + json.dumps(row, ensure_ascii=False)
        first = False
    yield "\n]\n"


def _xlsx_bytes(query):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Propuestas")[:31])
    sheet.append([header for _key, header in COLUMNS])
    for row in rows(query):
        sheet.append([_xlsx_cell(row[key]) for key, _header in COLUMNS])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(value):
    if isinstance(value, str) and value[:1] == "=":
        return "'" + value  # never a formula
    return value


def export_response(query, fmt):
    """An attachment response with every proposal matching `query` in `fmt` (csv, xlsx, json)."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    if fmt == "xlsx":
        response = HttpResponse(_xlsx_bytes(query), content_type=CONTENT_TYPES[fmt])
    else:
        stream = _csv_stream(query) if fmt == "csv" else _json_stream(query)
        response = StreamingHttpResponse(stream, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{_filename(fmt)}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
