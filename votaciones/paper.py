"""Paper ballots uploaded as a CSV file: parse, map references to proposals, report every error.

Pure Python (no Django). The file has a header ``papeleta,proyectos`` and one line per paper
ballot: the number written on the paper and the references of the projects marked, separated by
``;`` (``PEM-2026-0042;PEM-2026-0017``). Cumulative ballots give the points of each project as
``REF:puntos``. Spreadsheets that save with ``;`` as the column separator are accepted too: the
header then reads ``papeleta;proyectos`` and every column after the first holds one project.

A file is taken whole or not at all: `parse_ballots_csv()` returns every problem it finds with
its line number (the header is line 1) as ``LineError(line, code, params)``; `check_rules()` adds
the problems of each ballot against the box's `ballots.BallotRules`. The admin turns codes into
Spanish sentences; nothing is recorded while any error remains.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field

from . import ballots as ballot_rules

MAX_BYTES = 2 * 1024 * 1024
MAX_BALLOTS = 10_000
MAX_LABEL_LENGTH = 64
HEADER = ("papeleta", "proyectos")
LIST_SEPARATOR = ";"
POINTS_SEPARATOR = ":"


@dataclass(frozen=True)
class LineError:
    """A problem of the file (``line`` None) or of one of its lines."""

    line: int | None
    code: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class PaperBallot:
    line: int
    label: str
    choices: dict  # {proposal id: points}


@dataclass
class ParsedFile:
    ballots: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors and bool(self.ballots)


def normalise_reference(text):
    return "".join((text or "").split()).upper()


def decode(data):
    """The file's text, or None when it is not UTF-8 (a leading byte order mark is dropped)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def parse_ballots_csv(data, *, references, cumulative):
    """Read a paper-ballot CSV (bytes). `references` maps each reference on the box's ballot
    (normalised with `normalise_reference`) to its proposal id. Returns a `ParsedFile`."""
    parsed = ParsedFile()
    errors = parsed.errors
    if len(data) > MAX_BYTES:
        errors.append(LineError(None, "too_large", {"max_mb": MAX_BYTES // (1024 * 1024)}))
        return parsed
    if not data.strip():
        errors.append(LineError(None, "empty"))
        return parsed
    if b"\x00" in data:
        errors.append(LineError(None, "not_csv"))
        return parsed
    text = decode(data)
    if text is None:
        errors.append(LineError(None, "encoding"))
        return parsed
    lines = text.splitlines()
    first = next((index for index, line in enumerate(lines) if line.strip()), None)
    if first is None:  # only a byte order mark or blanks
        errors.append(LineError(None, "empty"))
        return parsed
    header_line = lines[first].strip()
    delimiter = _delimiter(header_line)
    if delimiter is None:
        errors.append(LineError(first + 1, "header", {"found": header_line[:80]}))
        return parsed
    reader = csv.reader(lines[first + 1 :], delimiter=delimiter, skipinitialspace=True, strict=True)
    seen_labels = {}
    offset = first + 1  # physical line of the header
    rows = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error:
            errors.append(LineError(offset + reader.line_num, "bad_csv"))
            break
        line = offset + reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        rows += 1
        if rows > MAX_BALLOTS:
            errors.append(LineError(line, "too_many_ballots", {"max": MAX_BALLOTS}))
            break
        ballot = _parse_row(row, line, delimiter, references, cumulative, seen_labels, errors)
        if ballot is not None:
            parsed.ballots.append(ballot)
    if not parsed.ballots and not errors:
        errors.append(LineError(None, "no_ballots"))
    return parsed


def _delimiter(header_line):
    for delimiter in (",", LIST_SEPARATOR):
        cells = [cell.strip().strip('"').strip().lower() for cell in header_line.split(delimiter)]
        if tuple(cells) == HEADER:
            return delimiter
    return None


def _parse_row(row, line, delimiter, references, cumulative, seen_labels, errors):
    found = len(errors)
    if delimiter == LIST_SEPARATOR:
        label, items = row[0], row[1:]
    else:
        if len(row) != 2:
            errors.append(LineError(line, "columns", {"count": len(row)}))
            return None
        label, items = row[0], row[1].split(LIST_SEPARATOR)
    label = label.strip()
    if not label:
        errors.append(LineError(line, "no_label"))
    elif len(label) > MAX_LABEL_LENGTH:
        errors.append(LineError(line, "long_label", {"max": MAX_LABEL_LENGTH}))
    elif label.upper() in seen_labels:
        errors.append(LineError(line, "duplicate_label", {"label": label, "first": seen_labels[label.upper()]}))
    else:
        seen_labels[label.upper()] = line
    items = [item.strip() for item in items if item.strip()]
    if not items:
        errors.append(LineError(line, "no_projects"))
    choices = {}
    for item in items:
        reference, separator, points_text = item.partition(POINTS_SEPARATOR)
        reference = normalise_reference(reference)
        shown = reference[:40] or item[:40]
        if reference not in references:
            errors.append(LineError(line, "unknown_reference", {"reference": shown}))
            continue
        pid = references[reference]
        if pid in choices:
            errors.append(LineError(line, "duplicate_reference", {"reference": shown}))
            continue
        if cumulative:
            points_text = points_text.strip()
            if not separator or not points_text:
                errors.append(LineError(line, "points_missing", {"reference": shown}))
                continue
            if not points_text.isascii() or not points_text.isdigit() or len(points_text) > 6 or int(points_text) < 1:
                errors.append(LineError(line, "bad_points", {"reference": shown, "value": points_text[:20]}))
                continue
            choices[pid] = int(points_text)
        else:
            if separator:
                errors.append(LineError(line, "points_not_used", {"reference": shown}))
                continue
            choices[pid] = 1
    if len(errors) > found:
        return None
    return PaperBallot(line=line, label=label, choices=choices)


def check_rules(ballots, rules):
    """The lines whose ballot the box's rules refuse: [LineError(line, "rules", {"problems": [...]})]."""
    errors = []
    for ballot in ballots:
        problems = ballot_rules.problems(rules, ballot.choices)
        if problems:
            errors.append(LineError(ballot.line, "rules", {"problems": problems}))
    return errors

