"""Periods of indicator values, as sortable text. Pure Python.

A period is a year (``2020``), a semester (``2020-S1``), a quarter (``2020-T3``) or a month
(``2020-07``). Written this way, the periods of one indicator sort as text in time order, so the
database orders and compares them (ranges of a monitor) without parsing.
"""

import functools
import re

_FORMS = (
    (re.compile(r"^(\d{4})$"), "{0}"),
    (re.compile(r"^(\d{4})[-/ ]?[Ss]([12])$"), "{0}-S{1}"),
    (re.compile(r"^(\d{4})[-/ ]?[TtQq]([1-4])$"), "{0}-T{1}"),
    (re.compile(r"^(\d{4})[-/](0?[1-9]|1[0-2])$"), "{0}-{1:0>2}"),
)
EARLIEST, LATEST = 1900, 2200
MAX_LENGTH = 7


def normalise(raw):
    """'2020', '2020-s1', '2020 T3', '2020/7' → '2020', '2020-S1', '2020-T3', '2020-07';
    anything else (or a year outside 1900–2200) → None."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = str(raw)
    elif isinstance(raw, float) and raw.is_integer():
        raw = str(int(raw))
    return _normalise_text(str(raw or "").strip())


@functools.lru_cache(maxsize=4096)
def _normalise_text(text):
    for pattern, form in _FORMS:
        match = pattern.match(text)
        if match:
            if not EARLIEST <= int(match.group(1)) <= LATEST:
                return None
            return form.format(*match.groups())
    return None


def year_of(period):
    return int(period[:4])
