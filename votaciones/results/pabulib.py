"""Reading and writing the pabulib ``.pb`` format (https://pabulib.org/format).

UTF-8, ``;``-separated CSV in three sections, each opened by a line ``META``, ``PROJECTS`` or
``VOTES`` followed by a header line. Numbers may use ``,`` or ``.`` as decimal separator; money
with decimals is scaled to exact integers (``parse_pabulib``). Every problem is reported as a
PabulibError with its line number.
"""

import csv
import io
from decimal import Decimal
from fractions import Fraction

from .election import (
    ANOMALY_TEXT, APPROVAL, POINT_TYPES, VOTE_TYPES, Anomaly, Ballot, Election, Project,
    ballot_anomalies, ballot_error, merge_repeated,
)
from .errors import ElectionError, PabulibError
from .gcpause import cyclic_gc_paused
from .outcome import money_text

SECTIONS = ("META", "PROJECTS", "VOTES")
VOTE_TYPE_ALIASES = {"choose1": "choose-1", "choose_1": "choose-1"}

#: Money: at most this many decimals and under this many currency units (10^15 is far beyond
#: any public budget; ``1e400`` is a typo or an attack, never a budget).
MAX_DECIMALS = 6
MAX_MONEY = 10**15

#: META fields that would change the outcome and that the engine cannot apply: a file that sets
#: one is refused, naming it (counting it without would silently give other winners).
NOT_APPLIED = {
    "leftover_budget": "mueve el presupuesto sobrante, y el motor no sabe aplicarlo",
    "default_score": "da puntos a los proyectos no votados, y el motor no sabe aplicarlo",
    "scoring_fn": "define cómo puntúan los votos ordinales, que el motor no cuenta",
}
#: Values of those fields that change nothing.
NEUTRAL = {"", "0", "none", "no"}

#: Pabulib caps per category: META list of caps, META list of names, PROJECTS column.
CAP_FIELDS = (
    ("budget_per_category", "categories", "category"),
    ("budget_per_neighborhood", "neighborhoods", "neighborhood"),
)
#: PROJECTS column of the exclusive groups (this engine's convention; pabulib's files only name
#: the rule ``greedy-exclusive``): projects with the same value, at most one wins. A project in
#: several groups lists them separated by commas.
EXCLUSIVE_COLUMN = "exclusive_group"


def _decimal(text, what, line):
    """A plain decimal number (digits, one ``.`` or ``,``): no exponent, no inf, no nan."""
    cleaned = text.strip().replace(",", ".")
    body = cleaned[1:] if cleaned[:1] in "+-" else cleaned
    digits = body.replace(".", "", 1)
    if not digits.isdigit() or not digits.isascii():
        raise PabulibError(f"{what} no es un número: «{text}»", line)
    value = Decimal(cleaned)
    if abs(value) >= MAX_MONEY:
        raise PabulibError(f"{what} es un número imposible: «{text}»", line)
    return value


def _number(text, what, line):
    value = _decimal(text, what, line)
    if value == value.to_integral_value():
        return int(value)
    return Fraction(value)


def _integer(text, what, line):
    value = _number(text, what, line)
    if not isinstance(value, int):
        raise PabulibError(f"{what} debe ser un número entero: «{text}»", line)
    return value


def _money(text, what, line):
    """An amount as a Decimal with at most MAX_DECIMALS decimals (callers check its sign)."""
    value = _decimal(text, what, line)
    if -value.as_tuple().exponent > MAX_DECIMALS:
        raise PabulibError(f"{what} tiene más de {MAX_DECIMALS} decimales: «{text}»", line)
    return value


def money_scale(amounts):
    """10^k, k the most decimals among ``amounts`` (Decimals): every amount times it is whole."""
    decimals = max((max(0, -a.normalize().as_tuple().exponent) for a in amounts if a), default=0)
    return 10**decimals


def read_pabulib(path, strict=False):
    """Parse the .pb file at ``path`` into an Election (see ``parse_pabulib``)."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            text = handle.read()
    except UnicodeDecodeError as error:
        raise PabulibError(f"el fichero no está en UTF-8 ({error.reason})") from None
    return parse_pabulib(text, strict=strict)


def _sections(text):
    """Yield (section, header, rows) where rows are (line number, fields) lists."""
    reader = csv.reader(io.StringIO(text), delimiter=";", quotechar='"', strict=True)
    sections = {}
    current = None
    header = None
    add = None  # appends a data row to the current section, once it has its header
    try:
        for fields in reader:
            if add is not None and len(fields) > 1:  # a data row: most lines, kept cheap
                add((reader.line_num, fields))
                continue
            line = reader.line_num
            if not fields or (len(fields) == 1 and not fields[0].strip()):
                continue
            first = fields[0].strip()
            if len(fields) == 1 and first.upper() in SECTIONS:
                current = first.upper()
                if current in sections:
                    raise PabulibError(f"la sección {current} aparece dos veces", line)
                sections[current] = (line, None, [])
                header = add = None
                continue
            if current is None:
                raise PabulibError("el fichero debe empezar por la sección META", line)
            if header is None:
                header = [f.strip().lower() for f in fields]
                sections[current] = (sections[current][0], header, [])
                add = sections[current][2].append
                continue
            add((line, fields))
    except csv.Error as error:
        raise PabulibError(f"CSV mal formado: {error}", reader.line_num) from None
    for name in SECTIONS:
        if name not in sections:
            raise PabulibError(f"falta la sección {name}")
        if sections[name][1] is None:
            raise PabulibError(f"la sección {name} no tiene cabecera", sections[name][0])
    return sections


def _column(header, name, section, line):
    try:
        return header.index(name)
    except ValueError:
        raise PabulibError(f"la cabecera de {section} no tiene la columna «{name}»", line) from None


def parse_pabulib(text, strict=False):
    """Parse the text of a .pb file into an Election.

    Files are read as their publishers counted them. A ballot that breaks a rule of the call
    (over ``max_sum_cost`` or ``max_sum_points``, too many or too few projects, a project listed
    twice, several projects in a choose-1 ballot) is counted as it stands, a repeated project
    once (with points: their sum), and reported in ``election.anomalies`` with its line numbers;
    with ``strict=True`` the first such ballot is refused instead. What cannot be counted is
    always refused with its line: a ballot naming a project missing from PROJECTS, a count that
    contradicts META's ``num_projects`` or ``num_votes`` (a truncated file), a number that is not
    a plain decimal (``1e400``, ``inf``), a negative amount, a META field that would change the
    outcome and that the engine cannot apply (``NOT_APPLIED``).

    Money (budget, costs, ``max_sum_cost``, caps) may have decimals: every amount is multiplied
    by ``election.money_scale`` = 10^k, k the most decimals any of them has, so the engine
    counts in exact integers of the currency's minor unit as the file writes it.
    """
    with cyclic_gc_paused():  # hundreds of thousands of small objects and no cycles
        return _parse(text, strict)


def _meta(sections, strict):
    meta = {}
    meta_lines = {}
    for line, fields in sections["META"][2]:
        if len(fields) < 2:
            raise PabulibError("una línea de META debe ser «clave;valor»", line)
        key = fields[0].strip()
        meta[key] = ";".join(fields[1:]).strip()
        meta_lines[key] = line
    for key, why in NOT_APPLIED.items():
        if meta.get(key, "").strip().lower() not in NEUTRAL:
            raise PabulibError(
                f"el campo «{key}» de META cambia el resultado: {why}; no se puede contar este "
                "fichero", meta_lines[key],
            )
    return meta, meta_lines


def _split_list(text):
    return [part.strip() for part in text.split(",")] if text.strip() else []


def _parse(text, strict):
    sections = _sections(text)
    meta, meta_lines = _meta(sections, strict)
    meta_start = sections["META"][0]

    def meta_value(key, number=_integer):
        if key not in meta or meta[key] == "":
            return None
        return number(meta[key], key, meta_lines[key])

    if "budget" not in meta:
        raise PabulibError("META no tiene «budget»", meta_start)
    budget = meta_value("budget", _money)
    if budget <= 0:
        raise PabulibError(f"el presupuesto debe ser positivo (es {budget})", meta_lines["budget"])
    vote_type = meta.get("vote_type", APPROVAL).strip().lower()
    vote_type = VOTE_TYPE_ALIASES.get(vote_type, vote_type)
    if vote_type not in VOTE_TYPES:
        raise PabulibError(
            f"tipo de voto no admitido: «{vote_type}»", meta_lines.get("vote_type", meta_start)
        )
    limits = {
        "min_length": meta_value("min_length"),
        "max_length": meta_value("max_length"),
        "max_sum_points": meta_value("max_sum_points", _number),
        "min_project_score_threshold": meta_value("min_project_score_threshold", _number),
    }
    max_sum_cost = meta_value("max_sum_cost", _money)
    if max_sum_cost is not None and max_sum_cost < 0:
        raise PabulibError("max_sum_cost no puede ser negativo", meta_lines["max_sum_cost"])

    start, header, rows = sections["PROJECTS"]
    id_col = _column(header, "project_id", "PROJECTS", start + 1)
    cost_col = _column(header, "cost", "PROJECTS", start + 1)
    name_col = header.index("name") if "name" in header else None
    width = len(header)
    raw = {}
    for line, fields in rows:
        if len(fields) != width:
            raise PabulibError(
                f"la línea tiene {len(fields)} campos y la cabecera de PROJECTS {width}", line
            )
        pid = fields[id_col].strip()
        if not pid:
            raise PabulibError("proyecto sin project_id", line)
        if pid in raw:
            raise PabulibError(f"el proyecto «{pid}» está repetido", line)
        cost = _money(fields[cost_col], f"el coste del proyecto «{pid}»", line)
        if cost <= 0:
            raise PabulibError(f"el coste del proyecto «{pid}» debe ser positivo (es {cost})", line)
        if cost > budget:
            raise PabulibError(
                f"el proyecto «{pid}» cuesta {cost}, más que el presupuesto ({budget})", line
            )
        raw[pid] = (line, fields, cost)
    if not raw:
        raise PabulibError("la sección PROJECTS está vacía", start)
    undeclared = _check_count(meta, meta_lines, "num_projects", len(raw), "proyectos", "PROJECTS")

    # caps per category (Amsterdam): a list of caps in META, aligned with a list of names
    caps = []
    for caps_key, names_key, column in CAP_FIELDS:
        if meta.get(caps_key, "").strip() == "":
            continue
        line = meta_lines[caps_key]
        amounts = [_money(a, caps_key, line) for a in _split_list(meta[caps_key])]
        if any(a < 0 for a in amounts):
            raise PabulibError(f"«{caps_key}» tiene un tope negativo", line)
        names = _split_list(meta.get(names_key, ""))
        if len(names) != len(amounts):
            raise PabulibError(
                f"«{caps_key}» tiene {len(amounts)} topes pero «{names_key}» nombra "
                f"{len(names)} categorías", line,
            )
        if column not in header:
            raise PabulibError(
                f"«{caps_key}» pone topes por categoría pero PROJECTS no tiene la columna "
                f"«{column}»", line,
            )
        col = header.index(column)
        members = {name: [] for name in names}
        for pid, (pline, fields, _cost) in raw.items():
            for name in _split_list(fields[col]):
                if name in members:
                    members[name].append(pid)
        caps.extend((f"{column}:{name}", amount, tuple(members[name]))
                    for name, amount in zip(names, amounts))

    scale = money_scale(
        [budget] + [c for _, _, c in raw.values()] + [a for _, a, _ in caps]
        + ([max_sum_cost] if max_sum_cost is not None else [])
    )
    projects = {}
    for pid, (line, fields, cost) in raw.items():
        extra = {h: f for h, f in zip(header, fields) if h not in ("project_id", "cost")}
        projects[pid] = Project(
            id=pid, cost=int(cost * scale), name=fields[name_col] if name_col is not None else "",
            extra=extra,
        )

    groups = {}
    if EXCLUSIVE_COLUMN in header:
        col = header.index(EXCLUSIVE_COLUMN)
        for pid, (_line, fields, _cost) in raw.items():
            for name in _split_list(fields[col]):
                groups.setdefault(name, []).append(pid)

    election = Election(
        projects=projects,
        budget=int(budget * scale),
        ballots=[],
        vote_type=vote_type,
        rule=meta.get("rule") or None,
        meta=meta,
        max_sum_cost=None if max_sum_cost is None else int(max_sum_cost * scale),
        exclusive_groups=tuple(tuple(g) for g in groups.values() if len(g) > 1),
        category_caps={label: (int(amount * scale), ids) for label, amount, ids in caps},
        money_scale=scale,
        **limits,
    )
    _votes(election, sections["VOTES"], strict)
    undeclared += _check_count(meta, meta_lines, "num_votes", len(election.ballots), "votos",
                               "VOTES")
    try:
        election.validate()
    except PabulibError:
        raise
    except ElectionError as error:
        raise PabulibError(str(error), sections["VOTES"][0]) from None
    if undeclared:
        why = (f"META no declara {' ni '.join(undeclared)}: no se puede comprobar que el fichero "
               "esté completo")
        if strict:
            raise PabulibError(f"{why} (lectura estricta)", meta_start)
        election.anomalies.append(Anomaly("undeclared-count", why))
    return election


def _check_count(meta, meta_lines, key, found, what, section):
    """META's num_projects / num_votes must match the data: otherwise the file is cut.

    Both are required by the pabulib format; a file without one cannot be checked for
    truncation: ``[key]`` (reported, or refused when strict, once every line is read). Else ``[]``.
    """
    if meta.get(key, "") == "":
        return [key]
    declared = _integer(meta[key], key, meta_lines[key])
    if declared != found:
        raise PabulibError(
            f"META dice {key} = {declared} pero la sección {section} tiene {found} {what}: "
            "el fichero está incompleto o corrupto", meta_lines[key],
        )
    return []


def _votes(election, section, strict):
    start, header, rows = section
    vote_type = election.vote_type
    projects = election.projects
    voter_col = _column(header, "voter_id", "VOTES", start + 1)
    vote_col = _column(header, "vote", "VOTES", start + 1)
    has_points = vote_type in POINT_TYPES
    points_col = header.index("points") if "points" in header else None
    if has_points and points_col is None:
        raise PabulibError(f"los votos de tipo {vote_type} necesitan la columna «points»", start + 1)
    width = len(header)
    ballots = election.ballots
    known = projects.keys()
    for line, fields in rows:
        if len(fields) != width:
            raise PabulibError(
                f"la línea tiene {len(fields)} campos y la cabecera de VOTES {width}", line
            )
    voter_ids = [fields[voter_col].strip() for _, fields in rows]
    if len(set(voter_ids)) != len(voter_ids):
        voters = set()
        for (line, _), voter in zip(rows, voter_ids):
            if voter in voters:
                raise PabulibError(f"el votante «{voter}» está repetido", line)
            voters.add(voter)
    # Plain approval ballots are checked in bulk; anything else, or anything wrong, goes
    # through ballot_error and ballot_anomalies (which also word the problem).
    simple = not has_points and vote_type == APPROVAL
    shortest = election.min_length or 0
    longest = election.max_length if election.max_length is not None else len(projects)
    most = election.max_sum_cost
    cost_of = {pid: p.cost for pid, p in projects.items()}.__getitem__
    anomalies = {}
    for (line, fields), voter in zip(rows, voter_ids):
        vote = fields[vote_col].strip()
        if not vote:
            chosen = ()
        elif " " in vote:
            chosen = tuple(p.strip() for p in vote.split(","))
        else:
            chosen = tuple(vote.split(","))
        if simple:
            unique = set(chosen)
            if (len(unique) == len(chosen) and shortest <= len(chosen) <= longest
                    and unique <= known and (most is None or sum(map(cost_of, chosen)) <= most)):
                ballots.append(Ballot(chosen, None, voter))
                continue
        points = None
        if has_points:
            text = fields[points_col].strip()
            points = tuple(
                _number(p, "una puntuación", line) for p in text.split(",")
            ) if text else ()
        ballot = Ballot(chosen, points, voter)
        error = ballot_error(election, ballot)
        if error:
            raise PabulibError(error, line)
        found = ballot_anomalies(election, ballot)
        if found:
            if strict:
                raise PabulibError(f"{found[0][1]} (lectura estricta)", line)
            for kind, _message in found:
                anomalies.setdefault(kind, []).append(line)
            ballot = merge_repeated(ballot)
        ballots.append(ballot)
    election.anomalies = [
        Anomaly(kind, ANOMALY_TEXT[kind], tuple(lines)) for kind, lines in anomalies.items()
    ]


def _decimal_text(value):
    if isinstance(value, Fraction):
        return format(Decimal(value.numerator) / Decimal(value.denominator), "f")
    return str(value)


def write_pabulib(election, selected=None):
    """The .pb text of ``election``; ``selected`` (ids) fills the PROJECTS ``selected`` column."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    meta = dict(election.meta)
    scale = election.money_scale
    meta["budget"] = money_text(election.budget, scale)
    meta["vote_type"] = election.vote_type
    meta["num_projects"] = len(election.projects)
    meta["num_votes"] = len(election.ballots)
    if election.max_sum_cost is not None:
        meta["max_sum_cost"] = money_text(election.max_sum_cost, scale)
    for key in ("min_length", "max_length", "max_sum_points",
                "min_project_score_threshold", "rule"):
        value = getattr(election, key)
        if value is not None:
            meta[key] = _decimal_text(value)
    out.write("META\n")
    writer.writerow(["key", "value"])
    for key, value in meta.items():
        writer.writerow([key, value])
    out.write("PROJECTS\n")
    scores = election.scores()
    columns = ["project_id", "cost", "votes", "name"]
    if selected is not None:
        columns.append("selected")
        chosen = set(selected)
    writer.writerow(columns)
    for project in election.projects.values():
        row = [project.id, money_text(project.cost, scale), _decimal_text(scores[project.id]),
               project.name]
        if selected is not None:
            row.append(1 if project.id in chosen else 0)
        writer.writerow(row)
    out.write("VOTES\n")
    has_points = election.has_points
    writer.writerow(["voter_id", "vote", "points"] if has_points else ["voter_id", "vote"])
    for number, ballot in enumerate(election.ballots, 1):
        row = [ballot.voter_id or str(number), ",".join(ballot.projects)]
        if has_points:
            row.append(",".join(_decimal_text(p) for p in ballot.points))
        writer.writerow(row)
    return out.getvalue()
