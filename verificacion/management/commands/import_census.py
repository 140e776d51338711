"""Import a census file (CSV or XLSX) for a scope: all or nothing, with a progress line."""

import datetime
import sys

from django.core.management.base import BaseCommand, CommandError

from verificacion.services import import_census


class Command(BaseCommand):
    help = "Importa el padrón (CSV o XLSX) de un alcance: reemplaza la importación anterior del mismo alcance."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Archivo CSV (UTF-8) o XLSX")
        parser.add_argument("--scope", required=True, help="Alcance (p. ej. «Padrón 2026»)")
        parser.add_argument("--retain-until", help="Fecha (AAAA-MM-DD) después de la cual se borran las filas")

    def handle(self, *args, path, scope, retain_until=None, **options):
        retain = None
        if retain_until:
            try:
                retain = datetime.date.fromisoformat(retain_until)
            except ValueError:
                raise CommandError("--retain-until: use AAAA-MM-DD.") from None
        out = self.stdout

        def progress(lines):
            out.write(f"\r{lines:,} líneas leídas", ending="")
            out.flush()

        try:
            stream = open(path, "rb")
        except OSError as error:
            raise CommandError(f"No se puede abrir {path}: {error.strerror}") from None
        with stream:
            report = import_census(stream, scope=scope, file_name=path.rsplit("/", 1)[-1], retain_until=retain, progress=progress)
        out.write("")
        if not report.ok:
            for error in report.errors:
                self.stderr.write(error)
            if report.hidden_errors:
                self.stderr.write(f"… y {report.hidden_errors} errores más.")
            raise CommandError("Padrón rechazado: no se importó ninguna fila.")
        record = report.census_import
        out.write(self.style.SUCCESS(f"Padrón «{record.scope}»: {record.rows:,} personas."))
        for name, count in record.per_territory.items():
            out.write(f"  {name}: {count:,}")
        sys.stdout.flush()
