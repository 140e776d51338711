"""Demo content of verification (after seed_demo): synthetic census, desk account, a call that
requires verification (--call)."""

from django.core.management.base import BaseCommand

from demo.content import DEMO_PASSWORD
from demo.verification import seed


class Command(BaseCommand):
    help = "Crea el padrón sintético de demostración, la cuenta de la mesa de verificación y, con --call, una votación que pide verificación."

    def add_arguments(self, parser):
        parser.add_argument("--call", help="Slug de la convocatoria cuya votación pedirá residentes verificados")

    def handle(self, *args, call=None, **options):
        for line in seed(password=DEMO_PASSWORD, call_slug=call):
            self.stdout.write(line)
