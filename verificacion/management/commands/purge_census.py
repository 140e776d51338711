"""Delete the census rows past their retention date (run daily, e.g. from cron)."""

from django.core.management.base import BaseCommand

from verificacion.services import purge_census


class Command(BaseCommand):
    help = "Borra las filas del padrón cuya fecha de conservación ya pasó."

    def handle(self, *args, **options):
        imports, rows = purge_census()
        self.stdout.write(f"{imports} importaciones vencidas, {rows:,} filas borradas.")
