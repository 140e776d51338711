"""Write one pabulib .pb file per territory of a call: ``manage.py export_pabulib --call SLUG``.

The same files as the public downloads: ballots with random voter ids in random order, after the
close of the vote only (territories not counted yet are counted first).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from votaciones.exports import box_pabulib, file_stem
from votaciones.results import ElectionError
from votaciones.results_views import call_results

from .import_pabulib import find_call


class Command(BaseCommand):
    help = "Escribe un fichero pabulib (.pb) por territorio de una convocatoria cuya votación ya cerró."

    def add_arguments(self, parser):
        parser.add_argument("--call", required=True, help="identificador (slug) de la convocatoria")
        parser.add_argument("--output", default=".", help="carpeta donde escribir los ficheros (por defecto, la actual)")

    def handle(self, *args, call, output=".", **options):
        page = find_call(call)
        folder = Path(output)
        if folder.exists() and not folder.is_dir():
            raise CommandError(f"{folder} no es una carpeta.")
        items = call_results(page)
        if items is None:
            raise CommandError(
                f"La votación de «{page.title}» no ha cerrado: los ficheros se pueden exportar después del cierre."
            )
        folder.mkdir(parents=True, exist_ok=True)
        written = 0
        for item in items:
            if item.result is None:
                self.stderr.write(f"{item.territory}: sin resultado ({item.error}).")
                continue
            try:
                text = box_pabulib(page, item.box, item.result)
            except ElectionError as error:
                self.stderr.write(f"{item.territory}: {error}")
                continue
            target = folder / f"{file_stem(page, item.territory)}.pb"
            target.write_text(text, encoding="utf-8")
            written += 1
            self.stdout.write(f"{target} ({item.result.ballots_count} papeletas)")
        if not written:
            raise CommandError("Ningún territorio tiene papeletas que exportar.")
        self.stdout.write(self.style.SUCCESS(f"{written} ficheros escritos en {folder}."))
