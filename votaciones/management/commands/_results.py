"""Shared by tally_pabulib and pabulib_check: the standalone CLI's code behind a command."""

from django.core.management.base import CommandError

from votaciones.results import cli


def add_rule_argument(parser):
    cli.add_arguments(parser)


def tally(path, rule, strict=False):
    """(election, outcome, rule name); CommandError with the message for any problem."""
    try:
        return cli.load(path, rule, strict)
    except cli.CliError as error:
        raise CommandError(str(error)) from None
