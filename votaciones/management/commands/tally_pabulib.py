"""Winners of a pabulib election: ``manage.py tally_pabulib FILE.pb [--rule RULE|auto] [--json]
[--strict]``, the same as ``python -m votaciones.results tally`` (which needs no Django)."""

import json

from django.core.management.base import BaseCommand

from votaciones.results import cli

from ._results import add_rule_argument, tally


class Command(BaseCommand):
    help = "Calcula los proyectos ganadores de un fichero pabulib (.pb) con una regla."

    def add_arguments(self, parser):
        add_rule_argument(parser)
        parser.add_argument("--json", action="store_true", help="salida JSON: rule, selected, cost")

    def handle(self, *args, **options):
        election, outcome, rule = tally(options["file"], options["rule"], options["strict"])
        if options["json"]:
            self.stdout.write(json.dumps(outcome.as_dict(), ensure_ascii=False))
            return
        for line in cli.tally_lines(election, outcome, rule):
            self.stdout.write(line)
