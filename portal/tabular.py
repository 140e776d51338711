"""Reading the spreadsheets people upload (census, indicator values, registry projects).

One reader for every import of the house: CSV in UTF-8 (with or without a BOM; comma, semicolon or
tab, guessed from the header line) or XLSX (openpyxl, read-only), streamed row by row as
`(line number, values)`. A file that cannot be read as a whole raises `FileError` with a code the
importing app turns into its Spanish message; the apps check the lines themselves and collect
`LineError`s.
"""

from __future__ import annotations

import csv
import functools
import io
import unicodedata
from dataclasses import dataclass, field

#: The first bytes of a ZIP archive, which every XLSX file is.
XLSX_MAGIC = b"PK\x03\x04"


class FileError(Exception):
    """The file as a whole cannot be read (`code`: not_utf8, not_utf8_line, not_xlsx, empty,
    bad_csv, bad_header, or an app's own)."""

    def __init__(self, code, params=None):
        super().__init__(code)
        self.code = code
        self.params = params or {}


@dataclass(frozen=True)
class LineError:
    line: int
    code: str
    params: dict = field(default_factory=dict)


@functools.lru_cache(maxsize=4096)
def _plain(text):
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.casefold().split())


def plain(text):
    """Lower case, without accents or surrounding spaces, inner spaces collapsed."""
    return _plain(str(text if text is not None else ""))


def _delimiter(header):
    counts = {delimiter: header.count(delimiter) for delimiter in (",", ";", "\t")}
    return max(counts, key=lambda delimiter: (counts[delimiter], delimiter == ","))


def _csv_rows(stream):
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="strict", newline="")
    try:
        first = text.readline()
    except UnicodeDecodeError:
        raise FileError("not_utf8") from None
    if not first.strip():
        raise FileError("empty")
    delimiter = _delimiter(first)
    yield 1, next(csv.reader([first], delimiter=delimiter))
    reader = csv.reader(text, delimiter=delimiter)
    line = 1
    try:
        for values in reader:
            line += 1
            yield line, values
    except UnicodeDecodeError:
        raise FileError("not_utf8_line", {"line": line + 1}) from None
    except csv.Error:
        raise FileError("bad_csv", {"line": line + 1}) from None


def _xlsx_rows(stream):
    from openpyxl import load_workbook  # only when a spreadsheet is imported

    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        for line, values in enumerate(rows, 1):
            yield line, ["" if value is None else value for value in values]
    except FileError:
        raise
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise FileError("not_xlsx") from None


def read_rows(stream):
    """Stream the rows of an uploaded file (binary stream): (line, values). Raises `FileError`."""
    start = stream.read(4)
    stream.seek(0)
    if not start:
        raise FileError("empty")
    if start.startswith(XLSX_MAGIC):
        return _xlsx_rows(stream)
    if b"\x00" in start:
        raise FileError("not_utf8")
    return _csv_rows(stream)
