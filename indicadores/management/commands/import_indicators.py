"""Import a file of indicator values (CSV or XLSX): all or nothing, with a progress line."""

import os
import time

from django.core.management.base import BaseCommand, CommandError

from indicadores.services import import_values


class Command(BaseCommand):
    help = "Importa valores de indicadores (CSV o XLSX, una fila por indicador × territorio × periodo)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Archivo CSV (UTF-8) o XLSX")

    def handle(self, *args, path, **options):
        out = self.stdout
        started = time.monotonic()
        try:
            stream = open(path, "rb")
            size = os.fstat(stream.fileno()).st_size
        except OSError as error:
            raise CommandError(f"No se puede abrir {path}: {error.strerror}") from None

        def progress(lines):
            done = stream.tell() / size if size and not stream.closed else 1
            width = 30
            bar = "#" * int(done * width)
            out.write(f"\r[{bar:<{width}}] {done:4.0%} {lines:,} líneas · {time.monotonic() - started:,.0f} s", ending="")
            out.flush()

        with stream:
            report = import_values(stream, progress=progress)
        out.write("")
        if not report.ok:
            for error in report.errors:
                self.stderr.write(error)
            if report.hidden_errors:
                self.stderr.write(f"… y {report.hidden_errors} errores más.")
            raise CommandError("Archivo rechazado: no se importó ningún valor.")
        out.write(
            self.style.SUCCESS(
                f"{report.rows:,} valores de {report.indicators:,} indicadores en {report.territories:,} territorios "
                f"({time.monotonic() - started:,.1f} s)."
            )
        )
