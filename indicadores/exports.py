"""Downloads of indicator values (an indicator's series, a monitor) as CSV or XLSX.

One row per value: the shape of the import file (indicator, territory, municipality, period,
value, source, note), so a download can be edited and imported back. CSV carries a UTF-8 BOM for
Excel; XLSX is written by openpyxl in write-only mode. Text cells starting with =, +, - or @ are
quoted so spreadsheets never run them as formulas.
"""

import csv
import io

from django.http import HttpResponse
from django.utils.text import slugify

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
HEADER = ("indicador", "nombre", "unidad", "territorio", "municipio", "periodo", "valor", "fuente", "nota")


def _safe(cell):
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@"):
        return "'" + cell
    return cell


def _rows(tables):
    """Rows of values (a value per cell with a number) from tables built by `selectors.build_table`."""
    for table in tables:
        for row in table["rows"]:
            indicator, territory = row["indicator"], row["territory"]
            for period, value, (source, note) in zip(table["periods"], row["raw"], row["meta"]):
                if value is None:
                    continue
                yield (
                    indicator.code,
                    indicator.name,
                    indicator.unit,
                    territory.code or territory.name,
                    territory.municipality,
                    period,
                    value,
                    source,
                    note,
                )


def response(tables, fmt, filename):
    rows = _rows(tables)
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("datos")
        sheet.append(HEADER)
        for row in rows:
            sheet.append([_safe(cell) for cell in row[:6]] + [float(row[6])] + [_safe(cell) for cell in row[7:]])
        buffer = io.BytesIO()
        workbook.save(buffer)
        body = buffer.getvalue()
    else:
        buffer = io.StringIO()
        buffer.write("\ufeff")
        writer = csv.writer(buffer)
        writer.writerow(HEADER)
        for row in rows:
            writer.writerow([_safe(cell) for cell in row])
        body = buffer.getvalue().encode("utf-8")
    result = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    result["Content-Disposition"] = f'attachment; filename="{slugify(filename) or "indicadores"}.{fmt}"'
    return result


def monitor_response(page, sections, fmt):
    return response([s["table"] for s in sections if "table" in s], fmt, page.slug)
