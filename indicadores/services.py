"""Writes of the indicators: importing a file of values (all or nothing, idempotent)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import DatabaseError, connection, transaction
from django.utils.translation import gettext_lazy as _

from convocatorias.models import Territory

from . import importing
from .models import Indicator, IndicatorValue

MAX_ERRORS = 100
PROGRESS_EVERY = 50_000
BATCH = 2_000

FILE_MESSAGES = {
    "not_utf8": _("El archivo no es un CSV en UTF-8 ni un XLSX. Guárdelo como «CSV UTF-8» o como libro de Excel."),
    "not_utf8_line": _("Línea %(line)s: el texto no está en UTF-8. Guarde el archivo como «CSV UTF-8»."),
    "not_xlsx": _("El archivo parece un XLSX pero no se puede leer."),
    "bad_csv": _("Línea %(line)s: el CSV está mal formado (comillas sin cerrar)."),
    "empty": _("El archivo está vacío."),
    "bad_header": _("La primera línea debe nombrar las columnas: %(columns)s (y, si quiere, municipio, fuente y nota)."),
    "no_rows": _("El archivo no tiene valores."),
}
LINE_MESSAGES = {
    "indicator_missing": _("Línea %(line)s: falta la clave del indicador."),
    "territory_missing": _("Línea %(line)s: falta el territorio."),
    "bad_period": _("Línea %(line)s: el periodo «%(period)s» no es un año (2020), semestre (2020-S1), trimestre (2020-T3) ni mes (2020-07)."),
    "bad_value": _("Línea %(line)s: el valor «%(value)s» no es un número."),
    "source_too_long": _("Línea %(line)s: la fuente tiene más de %(max)s caracteres."),
    "note_too_long": _("Línea %(line)s: la nota tiene más de %(max)s caracteres."),
    "indicator_unknown": _("Línea %(line)s: no existe un indicador con la clave «%(code)s»."),
    "territory_unknown": _("Línea %(line)s: no existe el territorio «%(territory)s»."),
    "territory_ambiguous": _("Línea %(line)s: hay varios territorios «%(territory)s»: añada la columna municipio."),
    "wrong_level": _("Línea %(line)s: el indicador «%(code)s» es de nivel «%(level)s» y «%(territory)s» no lo es."),
    "duplicate": _("Línea %(line)s: repite el indicador, el territorio y el periodo de la línea %(first)s."),
}


@dataclass
class ImportReport:
    rows: int = 0
    indicators: int = 0
    territories: int = 0
    errors: list = field(default_factory=list)
    hidden_errors: int = 0

    @property
    def ok(self):
        return not self.errors

    def error(self, message):
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(str(message))
        else:
            self.hidden_errors += 1


class _Rejected(Exception):
    pass


def territory_index():
    """{key: territory id (or -1 when ambiguous)} and the same per (municipality, key); key: a
    territory's plain name or its code without leading zeros. Also {id: (kind, name)}."""
    by_key, by_pair, info = {}, {}, {}
    for pk, name, code, kind, municipality in Territory.objects.values_list("pk", "name", "code", "kind", "municipality"):
        info[pk] = (kind, name)
        keys = {importing.territory_key(name)}
        if code:
            keys.add(importing.territory_key(code))
        town = importing.plain(municipality)
        for key in keys:
            by_key[key] = -1 if by_key.get(key, pk) != pk else pk
            by_pair[(town, key)] = -1 if by_pair.get((town, key), pk) != pk else pk
    return by_key, by_pair, info


def import_values(stream, *, progress=None):
    """Import a file of indicator values (binary stream). All or nothing: every line is checked;
    any error leaves the database as it was and the report lists the errors with their line
    numbers. A value already stored (same indicator, territory and period) is replaced, so the
    same file imported twice leaves the same rows. `progress(lines)` is called every 50,000 lines."""
    report = ImportReport()
    try:
        with transaction.atomic():
            _import(stream, progress, report)
    except _Rejected:
        pass
    return report


def _import(stream, progress, report):
    indicators = {
        code.upper(): (pk, level)
        for pk, code, level in Indicator.objects.values_list("pk", "code", "level")
    }
    level_labels = dict(Indicator.Level.choices)
    by_key, by_pair, territory_info = territory_index()
    writer = _PostgresWriter() if connection.vendor == "postgresql" else _BulkWriter()
    used_indicators, used_territories = set(), set()
    lines = 0
    try:
        rows = importing.read_rows(stream)
        columns = None
        for line, values in rows:
            if columns is None:
                columns = importing.columns_of(values)
                continue
            row = importing.check_row(line, values, columns)
            if row is None:
                continue
            lines += 1
            if progress and lines % PROGRESS_EVERY == 0:
                progress(lines)
            if isinstance(row, list):
                for problem in row:
                    report.error(LINE_MESSAGES[problem.code] % {"line": problem.line, **problem.params})
                continue
            found = indicators.get(row.indicator)
            if found is None:
                report.error(LINE_MESSAGES["indicator_unknown"] % {"line": line, "code": row.indicator[:40]})
                continue
            indicator_id, level = found
            territory_id = by_pair.get((row.municipality, row.territory), 0) if row.municipality else by_key.get(row.territory, 0)
            if territory_id <= 0:
                code = "territory_unknown" if territory_id == 0 else "territory_ambiguous"
                shown = str(values[columns["territory"]])[:60]
                report.error(LINE_MESSAGES[code] % {"line": line, "territory": shown})
                continue
            kind, name = territory_info[territory_id]
            if kind not in Indicator.LEVEL_KINDS[level]:
                report.error(
                    LINE_MESSAGES["wrong_level"]
                    % {"line": line, "code": row.indicator, "level": level_labels[level], "territory": name}
                )
                continue
            duplicate_of = writer.seen(indicator_id, territory_id, row.period, line)
            if duplicate_of:
                report.error(LINE_MESSAGES["duplicate"] % {"line": line, "first": duplicate_of})
                continue
            used_indicators.add(indicator_id)
            used_territories.add(territory_id)
            if report.errors and not writer.finds_duplicates_later:
                continue  # the file is rejected anyway: keep checking, stop writing
            writer.add(line, indicator_id, territory_id, row.period, row.value, row.source, row.note)
        if columns is None:
            raise importing.FileError("empty")
    except importing.FileError as problem:
        message = FILE_MESSAGES[problem.code]
        report.error(message % problem.params if problem.params else message)
    if not report.errors and not lines:
        report.error(FILE_MESSAGES["no_rows"])
    if report.errors:
        for line, first in writer.duplicates():
            report.error(LINE_MESSAGES["duplicate"] % {"line": line, "first": first})
        writer.abort()
        raise _Rejected
    for line, first in writer.finish():
        report.error(LINE_MESSAGES["duplicate"] % {"line": line, "first": first})
    if report.errors:
        raise _Rejected
    if progress:
        progress(lines)
    report.rows = lines
    report.indicators = len(used_indicators)
    report.territories = len(used_territories)


class _BulkWriter:
    """Elsewhere than PostgreSQL (SQLite in development and tests): duplicates found in memory,
    rows upserted in batches by `bulk_create(update_conflicts=True)`."""

    finds_duplicates_later = False

    def __init__(self):
        self.lines = {}
        self.batch = []

    def duplicates(self):
        return []  # reported line by line by `seen()`

    def seen(self, indicator_id, territory_id, period, line):
        key = (indicator_id, territory_id, period)
        first = self.lines.get(key)
        if first is None:
            self.lines[key] = line
        return first

    def add(self, line, indicator_id, territory_id, period, value, source, note):
        self.batch.append(
            IndicatorValue(indicator_id=indicator_id, territory_id=territory_id, period=period, value=value, source=source, note=note)
        )
        if len(self.batch) >= BATCH:
            self._flush()

    def _flush(self):
        IndicatorValue.objects.bulk_create(
            self.batch,
            update_conflicts=True,
            unique_fields=["indicator", "territory", "period"],
            update_fields=["value", "source", "note"],
            batch_size=500,
        )
        self.batch = []

    def finish(self):
        self._flush()
        return []

    def abort(self):
        self.batch = []


class _PostgresWriter:
    """On PostgreSQL: every row is COPYed into a temporary table (nothing held in memory), then
    one INSERT … ON CONFLICT DO UPDATE moves them into the values table. Duplicates inside the
    file make that statement fail; only then are they looked up (with their lines) in the
    temporary table, so a good file pays for no extra pass."""

    TEMP = "indicator_value_import"
    finds_duplicates_later = True  # every checked row goes to COPY, even in a file already rejected

    def __init__(self):
        self.cursor = connection.cursor()
        self.cursor.execute(f"DROP TABLE IF EXISTS {self.TEMP}")
        self.cursor.execute(
            f"CREATE TEMPORARY TABLE {self.TEMP} (line integer, indicator_id bigint, territory_id bigint, "
            "period varchar(7), value numeric(20, 4), source varchar(250), note varchar(500)) ON COMMIT DROP"
        )
        self.copy_context = self.cursor.cursor.copy(
            f"COPY {self.TEMP} (line, indicator_id, territory_id, period, value, source, note) FROM STDIN"
        )
        self.copy = self.copy_context.__enter__()
        self.closed = False

    def seen(self, indicator_id, territory_id, period, line):
        return None  # found by `finish()`, in the database

    def add(self, line, indicator_id, territory_id, period, value, source, note):
        self.copy.write_row((line, indicator_id, territory_id, period, value, source, note))

    def _close_copy(self):
        if not self.closed:
            self.closed = True
            self.copy_context.__exit__(None, None, None)

    def duplicates(self):
        """(line, first line) of every key the file repeats, from the temporary table."""
        self._close_copy()
        self.cursor.execute(
            f"SELECT lines[2], lines[1] FROM (SELECT array_agg(line ORDER BY line) AS lines FROM {self.TEMP} "
            "GROUP BY indicator_id, territory_id, period HAVING count(*) > 1) AS repeated ORDER BY 2 "
            f"LIMIT {MAX_ERRORS + 1}"
        )
        return self.cursor.fetchall()

    def abort(self):
        """End the COPY without keeping anything (the transaction is rolled back next)."""
        if not self.closed:
            self.closed = True
            try:
                self.copy_context.__exit__(_Rejected, _Rejected(), None)
            except DatabaseError:
                pass

    def finish(self):
        self._close_copy()
        table = IndicatorValue._meta.db_table
        try:
            with transaction.atomic():
                # In key order, the unique index grows at its right edge instead of everywhere;
                # rows that did not change are not written again (a re-import writes nothing).
                self.cursor.execute("SET LOCAL work_mem = '256MB'")
                self.cursor.execute(
                    f'INSERT INTO "{table}" AS stored (indicator_id, territory_id, period, value, source, note) '
                    f"SELECT indicator_id, territory_id, period, value, source, note FROM {self.TEMP} "
                    "ORDER BY indicator_id, territory_id, period "
                    "ON CONFLICT (indicator_id, territory_id, period) DO UPDATE SET "
                    "value = EXCLUDED.value, source = EXCLUDED.source, note = EXCLUDED.note "
                    "WHERE (stored.value, stored.source, stored.note) IS DISTINCT FROM (EXCLUDED.value, EXCLUDED.source, EXCLUDED.note)"
                )
        except DatabaseError:  # a key twice in the file: ON CONFLICT cannot update a row twice
            return self.duplicates()
        self.cursor.execute(f"DROP TABLE {self.TEMP}")
        # Fresh statistics, so the planner uses the index for the pages' queries at once.
        self.cursor.execute(f'ANALYZE "{table}"')
        return []
