"""Import registry projects from CSV or XLSX: all or nothing, idempotent by external reference."""

from django.core.management.base import BaseCommand, CommandError

from banco.registry_import import import_projects

from ._registry import open_file, run_as, show_report


class Command(BaseCommand):
    help = "Importa proyectos al registro del banco (CSV UTF-8 o XLSX); una referencia externa existente se actualiza."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Archivo CSV (UTF-8) o XLSX")
        parser.add_argument("--user", help="Cuenta del personal que importa (por omisión, la primera superusuaria)")

    def handle(self, *args, path, user=None, **options):
        actor = run_as(user)
        with open_file(path) as stream:
            report = import_projects(stream, actor=actor, progress=self.progress)
        self.stdout.write("")
        show_report(self, report)
        if not report.ok:
            raise CommandError("Archivo rechazado: no se importó ninguna línea.")

    def progress(self, done, total):
        self.stdout.write(f"\r{done:,}/{total:,}", ending="")
        self.stdout.flush()
