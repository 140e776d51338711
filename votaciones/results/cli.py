"""The engine on its own, no Django: ``python -m votaciones.results tally|check FILE.pb``.

    python -m votaciones.results tally FILE.pb [--rule RULE|auto] [--json] [--strict]
    python -m votaciones.results check FILE.pb [--rule RULE|auto] [--strict]

``tally`` prints the winners of the rule (by default the one the file declares in META);
``check`` compares them with the file's ``selected`` column and exits with 1 when they differ.
Bad input is one Spanish line on stderr (with the file's line number when there is one) and
exit status 2, never a traceback. The management commands ``tally_pabulib`` and
``pabulib_check`` are thin wrappers around ``load``, ``tally_lines`` and ``check_lines``.
"""

import argparse
import json
import sys

from .errors import ElectionError
from .pabulib import read_pabulib
from .rules import RULES, compute, declared_rule

#: exit statuses
OK, DIFFERENT, BAD_INPUT = 0, 1, 2


class CliError(Exception):
    """Bad input: the message is one Spanish line, ready to print."""


def load(path, rule="auto", strict=False):
    """(election, outcome, rule name) for the file at ``path``; CliError for any problem."""
    try:
        election = read_pabulib(path, strict=strict)
        name = declared_rule(election) if rule == "auto" else rule
        return election, compute(election, name), name
    except FileNotFoundError:
        raise CliError(f"no existe el fichero {path}") from None
    except (IsADirectoryError, PermissionError) as error:
        raise CliError(f"no se puede leer {path}: {error.strerror}") from None
    except ElectionError as error:
        raise CliError(f"{path}: {error}") from None


def money(value, scale=1):
    """An amount of 1/scale units, Spanish style: 1.234.567 or 102.533,36."""
    if scale == 1:
        return f"{value:,}".replace(",", ".")
    digits = len(str(scale)) - 1
    whole, part = divmod(value, scale)
    return f"{whole:,}".replace(",", ".") + f",{part:0{digits}d}"


def share(value, scale=1):
    """A per-voter share (a Fraction of 1/scale units), rounded to cents for display."""
    return f"{float(value) / scale:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def anomaly_lines(election):
    return [f"Aviso: {anomaly.text()}" for anomaly in election.anomalies]


def tally_lines(election, outcome, rule):
    """The readable report of ``tally``, as a list of lines."""
    scale = election.money_scale
    lines = [
        f"Regla: {rule}",
        f"Presupuesto: {money(election.budget, scale)} · votantes: {len(election.ballots)} · "
        f"proyectos: {len(election.projects)}",
    ]
    if scale != 1:
        lines.append(f"Dinero contado en unidades de 1/{scale} (el fichero tiene decimales)")
    lines += anomaly_lines(election)
    if outcome.per_voter is not None:
        lines.append(f"Dinero por votante: {share(outcome.per_voter, scale)}")
    for key, value in outcome.details.items():
        lines.append(f"{key}: {value}")
    lines.append(f"Proyectos seleccionados ({len(outcome.selected)}), en orden de selección:")
    for pid in outcome.selected:
        result = outcome.projects[pid]
        line = (f"{result.round:>4}. {pid}  coste {money(result.cost, scale)}  "
                f"puntuación {result.score}")
        if result.supporters_paid is not None:
            line += f"  cada apoyo pagó hasta {share(result.supporters_paid, scale)}"
        if result.stage and result.stage not in ("greedy", "equalshares"):
            line += f"  ({result.stage})"
        name = election.projects[pid].name
        lines.append(line + (f"  {name[:60]}" if name else ""))
    blocked = [r for r in outcome.projects.values() if r.reason in ("excluded", "over-cap")]
    if blocked:
        lines.append("Descartados por un grupo excluyente o un tope por categoría: "
                     + ", ".join(f"{r.id} ({r.reason})" for r in blocked))
    lines.append(f"Coste total: {money(outcome.cost, scale)} de {money(election.budget, scale)}")
    return lines


def official_winners(election, path):
    """The ids in the file's ``selected`` column (CliError if it has none)."""
    columns = {key for p in election.projects.values() for key in p.extra}
    if "selected" not in columns:
        raise CliError(f"{path}: la sección PROJECTS no tiene columna «selected»")
    return {
        pid for pid, p in election.projects.items()
        if p.extra.get("selected", "").strip() not in ("", "0")
    }


def check_lines(election, outcome, rule, path):
    """(lines, same): the report of ``check`` and whether the rule gives the file's winners."""
    official = official_winners(election, path)
    computed = set(outcome.selected)
    lines = [f"Regla: {rule}"] + anomaly_lines(election) + [
        f"Seleccionados por la regla: {len(computed)}; en el fichero: {len(official)}"
    ]
    if computed == official:
        return lines + ["Coinciden: sí"], True
    lines.append("Coinciden: no")
    only_rule = sorted(computed - official, key=outcome.selected.index)
    only_file = sorted(official - computed)
    if only_rule:
        lines.append("Solo según la regla: " + ", ".join(only_rule))
    if only_file:
        lines.append("Solo en el fichero: " + ", ".join(only_file))
    return lines, False


def add_arguments(parser):
    """The arguments shared by the CLI and the management commands."""
    parser.add_argument("file", help="fichero .pb (formato pabulib)")
    parser.add_argument(
        "--rule", default="auto",
        help=f"regla: auto (la del META del fichero) o una de: {', '.join(RULES)}",
    )
    parser.add_argument(
        "--strict", action="store_true",
        help="rechaza los votos que incumplen las reglas del fichero en vez de contarlos y avisar",
    )


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit 2, as every other bad input
        raise CliError(f"argumentos incorrectos: {message}")


def build_parser():
    parser = _Parser(prog="python -m votaciones.results",
                     description="Motor de resultados de presupuestos participativos (pabulib).")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    tally = commands.add_parser("tally", help="calcula los proyectos ganadores")
    add_arguments(tally)
    tally.add_argument("--json", action="store_true", help="salida JSON: rule, selected, cost")
    check = commands.add_parser("check", help="compara con la columna «selected» del fichero")
    add_arguments(check)
    return parser


def main(argv=None, stdout=None, stderr=None):
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    try:
        args = build_parser().parse_args(argv)
        election, outcome, rule = load(args.file, args.rule, args.strict)
        if args.command == "tally":
            if args.json:
                print(json.dumps(outcome.as_dict(), ensure_ascii=False), file=stdout)
            else:
                print("\n".join(tally_lines(election, outcome, rule)), file=stdout)
            return OK
        lines, same = check_lines(election, outcome, rule, args.file)
        print("\n".join(lines), file=stdout)
        if not same:
            print("error: la regla no reproduce los ganadores del fichero", file=stderr)
        return OK if same else DIFFERENT
    except CliError as error:
        print(f"error: {error}", file=stderr)
        return BAD_INPUT
    except KeyboardInterrupt:
        print("error: interrumpido", file=stderr)
        return BAD_INPUT
    except MemoryError:
        print("error: el fichero no cabe en memoria", file=stderr)
        return BAD_INPUT
