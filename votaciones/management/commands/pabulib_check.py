"""Does a rule reproduce a file's official winners? ``manage.py pabulib_check FILE.pb``, the same
as ``python -m votaciones.results check`` (which needs no Django)."""

from django.core.management.base import BaseCommand, CommandError

from votaciones.results import cli

from ._results import add_rule_argument, tally


class Command(BaseCommand):
    help = (
        "Compara los ganadores de la regla (por defecto la del fichero) con la columna "
        "«selected» del fichero pabulib. Sale con código 1 si no coinciden."
    )

    def add_arguments(self, parser):
        add_rule_argument(parser)

    def handle(self, *args, **options):
        election, outcome, rule = tally(options["file"], options["rule"], options["strict"])
        try:
            lines, same = cli.check_lines(election, outcome, rule, options["file"])
        except cli.CliError as error:
            raise CommandError(str(error)) from None
        for line in lines:
            self.stdout.write(line)
        if not same:
            raise CommandError("la regla no reproduce los ganadores del fichero")
