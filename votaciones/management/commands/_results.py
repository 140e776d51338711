"""Shared by tally_pabulib and pabulib_check: read a file and apply a rule, or fail cleanly."""

from django.core.management.base import CommandError

from votaciones.results import RULES, ElectionError, compute, declared_rule, read_pabulib


def add_rule_argument(parser):
    parser.add_argument("file", help="fichero .pb (formato pabulib)")
    parser.add_argument(
        "--rule",
        default="auto",
        help=f"regla: auto (la del META del fichero) o una de: {', '.join(RULES)}",
    )


def tally(path, rule):
    """(election, outcome, rule name); CommandError with the message for any problem."""
    try:
        election = read_pabulib(path)
        name = declared_rule(election) if rule == "auto" else rule
        return election, compute(election, name), name
    except FileNotFoundError:
        raise CommandError(f"no existe el fichero {path}") from None
    except (IsADirectoryError, PermissionError) as error:
        raise CommandError(f"no se puede leer {path}: {error.strerror}") from None
    except ElectionError as error:
        raise CommandError(f"{path}: {error}") from None
