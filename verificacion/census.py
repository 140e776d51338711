"""Reading a census file (CSV or XLSX) line by line and checking each line. Pure Python.

The file has a header naming four columns (in any order): ``tipo_documento``,
``numero_documento``, ``fecha_nacimiento`` and ``territorio`` (the territory's code or name).
`read_rows()` streams the rows as ``(line number, [values])`` (the header is line 1);
`check_row()` turns one into a `Row` or a list of `LineError`s. Nothing here knows the database:
the importer (`services.import_census`) resolves territories and writes the rows, and rejects the
whole file when any line has an error.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass

from portal.tabular import XLSX_MAGIC, FileError, LineError, plain, read_rows  # noqa: F401  (part of this module's interface)

from .documents import normalise_number, well_formed

COLUMNS = {
    "tipo_documento": "type",
    "tipo": "type",
    "numero_documento": "number",
    "documento": "number",
    "numero": "number",
    "fecha_nacimiento": "birth_date",
    "territorio": "territory",
}
REQUIRED = ("type", "number", "birth_date", "territory")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y")
EARLIEST_BIRTH = datetime.date(1900, 1, 1)





@dataclass(frozen=True)
class Row:
    line: int
    document_type: str
    number: str  # normalised: never logged, never stored
    birth_date: datetime.date
    territory: str


@functools.lru_cache(maxsize=4096)
def _territory_key(text):
    key = plain(text)
    if key.isdigit():
        return key.lstrip("0") or "0"
    return key


def territory_key(text):
    """How a territory is matched: its plain name, or its code without leading zeros."""
    return _territory_key(str(text or ""))


def columns_of(header):
    """{field: column index} from the header row. Raises `FileError("bad_header")`."""
    found = {}
    for index, name in enumerate(header):
        key = COLUMNS.get(plain(name).replace(" ", "_"))
        if key and key not in found:
            found[key] = index
    missing = [name for name in REQUIRED if name not in found]
    if missing:
        raise FileError("bad_header", {"columns": "tipo_documento, numero_documento, fecha_nacimiento, territorio"})
    return found


def parse_date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value or "").strip()
    if len(text) == 10 and text[4] == "-":
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            return None
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def check_row(line, values, columns, *, document_types, today):
    """A `Row`, or the list of `LineError`s of this line. `document_types`: the accepted codes
    (upper case)."""
    if not any(values) or all(str(value).strip() == "" for value in values):
        return []  # blank line: skipped
    width = max(columns.values()) + 1
    if len(values) < width:
        return [LineError(line, "columns", {"expected": width, "found": len(values)})]
    errors = []
    document_type = plain(values[columns["type"]]).upper()
    if document_type not in document_types:
        errors.append(LineError(line, "document_type"))
    raw = values[columns["number"]]
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)  # a spreadsheet cell holding the number as a number
    number = normalise_number(raw)
    if not well_formed(number):
        errors.append(LineError(line, "number"))
    birth_date = parse_date(values[columns["birth_date"]])
    if birth_date is None:
        errors.append(LineError(line, "date"))
    elif not EARLIEST_BIRTH <= birth_date <= today:
        errors.append(LineError(line, "date_range"))
    territory = territory_key(values[columns["territory"]])
    if not territory:
        errors.append(LineError(line, "territory_missing"))
    if errors:
        return errors
    return Row(line=line, document_type=document_type, number=number, birth_date=birth_date, territory=territory)
