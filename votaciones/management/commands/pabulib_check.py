"""Does a rule reproduce a file's official winners? ``manage.py pabulib_check FILE.pb``."""

from django.core.management.base import BaseCommand, CommandError

from ._results import add_rule_argument, tally


class Command(BaseCommand):
    help = (
        "Compara los ganadores de la regla (por defecto la del fichero) con la columna "
        "«selected» del fichero pabulib. Sale con código 1 si no coinciden."
    )

    def add_arguments(self, parser):
        add_rule_argument(parser)

    def handle(self, *args, **options):
        election, outcome, rule = tally(options["file"], options["rule"])
        columns = {key for p in election.projects.values() for key in p.extra}
        if "selected" not in columns:
            raise CommandError(f"{options['file']}: la sección PROJECTS no tiene columna «selected»")
        official = {
            pid for pid, p in election.projects.items()
            if p.extra.get("selected", "").strip() not in ("", "0")
        }
        computed = set(outcome.selected)
        self.stdout.write(f"Regla: {rule}")
        self.stdout.write(
            f"Seleccionados por la regla: {len(computed)}; en el fichero: {len(official)}"
        )
        if computed == official:
            self.stdout.write("Coinciden: sí")
            return
        self.stdout.write("Coinciden: no")
        only_rule = sorted(computed - official, key=outcome.selected.index)
        only_file = sorted(official - computed)
        if only_rule:
            self.stdout.write("Solo según la regla: " + ", ".join(only_rule))
        if only_file:
            self.stdout.write("Solo en el fichero: " + ", ".join(only_file))
        raise CommandError("la regla no reproduce los ganadores del fichero")
