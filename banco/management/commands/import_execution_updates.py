"""Import execution updates in bulk from CSV or XLSX: all or nothing, the rules of the monitoring."""

from django.core.management.base import BaseCommand, CommandError

from banco.registry_import import import_execution_updates

from ._registry import open_file, run_as, show_report


class Command(BaseCommand):
    help = "Importa avances de ejecución (CSV UTF-8 o XLSX) por referencia externa o del banco; no avisa a quienes siguen los proyectos salvo --notify."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Archivo CSV (UTF-8) o XLSX")
        parser.add_argument("--user", help="Cuenta del personal que importa (por omisión, la primera superusuaria)")
        parser.add_argument("--notify", action="store_true", help="Avisar por correo a quienes siguen cada proyecto")

    def handle(self, *args, path, user=None, notify=False, **options):
        actor = run_as(user)
        with open_file(path) as stream:
            report = import_execution_updates(stream, actor=actor, progress=self.progress, notify=notify)
        self.stdout.write("")
        show_report(self, report)
        if not report.ok:
            raise CommandError("Archivo rechazado: no se importó ninguna línea.")

    def progress(self, done, total):
        self.stdout.write(f"\r{done:,}/{total:,}", ending="")
        self.stdout.flush()
