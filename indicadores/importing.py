"""Reading a file of indicator values (CSV or XLSX) line by line and checking each line. Pure Python.

The shape statistical offices publish: one row per indicator × territory × period, with a
header naming the columns (any order): ``indicador`` (the indicator's code), ``territorio`` (the
territory's code or name), optionally ``municipio`` (to tell apart territories of the same name
or code in different municipalities), ``periodo``, ``valor``, and optionally ``fuente`` and
``nota``. `read_rows()` streams ``(line number, [values])`` (the header is line 1); `check_row()`
turns one into a `Row` or a list of `LineError`s. The importer (`services.import_values`)
resolves codes against the database and writes.
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass

from portal.tabular import XLSX_MAGIC, FileError, LineError, plain, read_rows  # noqa: F401  (part of this module's interface)

from . import periods

COLUMNS = {
    "indicador": "indicator",
    "clave": "indicator",
    "clave_indicador": "indicator",
    "codigo_indicador": "indicator",
    "territorio": "territory",
    "clave_territorio": "territory",
    "municipio": "municipality",
    "periodo": "period",
    "anio": "period",
    "ano": "period",
    "valor": "value",
    "fuente": "source",
    "nota": "note",
    "notas": "note",
}
REQUIRED = ("indicator", "territory", "period", "value")
MAX_DIGITS = 16  # before the decimal point (the column holds 20 digits, 4 of them decimals)
MAX_SOURCE = 250
MAX_NOTE = 500


@dataclass(frozen=True, slots=True)
class Row:
    line: int
    indicator: str
    territory: str
    municipality: str
    period: str
    value: decimal.Decimal
    source: str
    note: str


def territory_key(text):
    """How a territory is matched: its plain name, or its code without leading zeros."""
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    key = plain(text)
    if key.isdigit():
        return key.lstrip("0") or "0"
    return key


def columns_of(header):
    """{field: column index} from the header row. Raises `FileError("bad_header")`."""
    found = {}
    for position, name in enumerate(header):
        key = COLUMNS.get(plain(name).replace(" ", "_"))
        if key and key not in found:
            found[key] = position
    if any(name not in found for name in REQUIRED):
        raise FileError("bad_header", {"columns": "indicador, territorio, periodo, valor"})
    return found


def parse_value(raw):
    """A number as offices write it: '1234.5', '1,234.5', '1234,5', '-3', ' 12 '. None if not one."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        value = decimal.Decimal(raw)
    elif isinstance(raw, float):
        value = decimal.Decimal(repr(raw))
    elif isinstance(raw, decimal.Decimal):
        value = raw
    else:
        text = str(raw).strip().replace(" ", "").replace("\u00a0", "")
        if not text:
            return None
        if "," in text:
            if "." in text and text.rfind(",") > text.rfind("."):
                text = text.replace(".", "").replace(",", ".")  # 1.234,5
            elif "." in text:
                text = text.replace(",", "")  # 1,234.5
            elif text.count(",") == 1 and len(text.rsplit(",", 1)[1]) != 3:
                text = text.replace(",", ".")  # 1234,5
            else:
                text = text.replace(",", "")  # 1,234 or 1,234,567
        try:
            value = decimal.Decimal(text)
        except decimal.InvalidOperation:
            return None
    if not value.is_finite() or value.adjusted() >= MAX_DIGITS:
        return None
    value = value.quantize(decimal.Decimal("0.0001"), rounding=decimal.ROUND_HALF_EVEN)
    return None if value.adjusted() >= MAX_DIGITS else value


def _cell(values, columns, name):
    position = columns.get(name)
    if position is None or position >= len(values):
        return ""
    value = values[position]
    return value if value is not None else ""


def check_row(line, values, columns):
    """A `Row`, a list of `LineError`s, or None for a blank line."""
    if not any(str(value).strip() for value in values):
        return None
    errors = []
    indicator = str(_cell(values, columns, "indicator")).strip()
    territory = _cell(values, columns, "territory")
    if not indicator:
        errors.append(LineError(line, "indicator_missing"))
    if not str(territory).strip():
        errors.append(LineError(line, "territory_missing"))
    raw_period = _cell(values, columns, "period")
    period = periods.normalise(raw_period)
    if period is None:
        errors.append(LineError(line, "bad_period", {"period": str(raw_period)[:20]}))
    raw_value = _cell(values, columns, "value")
    value = parse_value(raw_value)
    if value is None:
        errors.append(LineError(line, "bad_value", {"value": str(raw_value)[:30]}))
    source = str(_cell(values, columns, "source")).strip()
    note = str(_cell(values, columns, "note")).strip()
    if len(source) > MAX_SOURCE:
        errors.append(LineError(line, "source_too_long", {"max": MAX_SOURCE}))
    if len(note) > MAX_NOTE:
        errors.append(LineError(line, "note_too_long", {"max": MAX_NOTE}))
    if errors:
        return errors
    return Row(
        line=line,
        indicator=indicator.upper(),
        territory=territory_key(territory),
        municipality=plain(_cell(values, columns, "municipality")),
        period=period,
        value=value,
        source=source,
        note=note,
    )
