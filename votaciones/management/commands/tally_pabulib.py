"""Winners of a pabulib election: ``manage.py tally_pabulib FILE.pb [--rule RULE|auto] [--json]``."""

import json

from django.core.management.base import BaseCommand

from ._results import add_rule_argument, tally


def _money(value):
    return f"{value:,}".replace(",", ".")


def _share(value):
    return f"{float(value):,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")


class Command(BaseCommand):
    help = "Calcula los proyectos ganadores de un fichero pabulib (.pb) con una regla."

    def add_arguments(self, parser):
        add_rule_argument(parser)
        parser.add_argument("--json", action="store_true", help="salida JSON: rule, selected, cost")

    def handle(self, *args, **options):
        election, outcome, rule = tally(options["file"], options["rule"])
        if options["json"]:
            self.stdout.write(json.dumps(outcome.as_dict(), ensure_ascii=False))
            return
        write = self.stdout.write
        write(f"Regla: {rule}")
        write(
            f"Presupuesto: {_money(election.budget)} · votantes: {len(election.ballots)} · "
            f"proyectos: {len(election.projects)}"
        )
        if outcome.per_voter is not None:
            write(f"Dinero por votante: {_share(outcome.per_voter)}")
        for key, value in outcome.details.items():
            write(f"{key}: {value}")
        write(f"Proyectos seleccionados ({len(outcome.selected)}), en orden de selección:")
        for pid in outcome.selected:
            result = outcome.projects[pid]
            line = (
                f"{result.round:>4}. {pid}  coste {_money(result.cost)}  "
                f"puntuación {result.score}"
            )
            if result.supporters_paid is not None:
                line += f"  cada apoyo pagó hasta {_share(result.supporters_paid)}"
            if result.stage and result.stage not in ("greedy", "equalshares"):
                line += f"  ({result.stage})"
            name = election.projects[pid].name
            write(line + (f"  {name[:60]}" if name else ""))
        write(f"Coste total: {_money(outcome.cost)} de {_money(election.budget)}")
