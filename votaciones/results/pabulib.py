"""Reading and writing the pabulib ``.pb`` format (https://pabulib.org/format).

UTF-8, ``;``-separated CSV in three sections, each opened by a line ``META``, ``PROJECTS`` or
``VOTES`` followed by a header line. Numbers may use ``,`` or ``.`` as decimal separator; money
must be integral. Every problem is reported as a PabulibError with its line number.
"""

import csv
import gc
import io
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from .election import APPROVAL, POINT_TYPES, VOTE_TYPES, Ballot, Election, Project, ballot_problem
from .errors import ElectionError, PabulibError

SECTIONS = ("META", "PROJECTS", "VOTES")
VOTE_TYPE_ALIASES = {"choose1": "choose-1", "choose_1": "choose-1"}


def _number(text, what, line):
    cleaned = text.strip().replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise PabulibError(f"{what} no es un número: «{text}»", line) from None
    if not value.is_finite():
        raise PabulibError(f"{what} no es un número: «{text}»", line)
    if value == value.to_integral_value():
        return int(value)
    return Fraction(value)


def _integer(text, what, line):
    value = _number(text, what, line)
    if not isinstance(value, int):
        raise PabulibError(f"{what} debe ser un número entero: «{text}»", line)
    return value


def read_pabulib(path):
    """Parse the .pb file at ``path`` into an Election."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            text = handle.read()
    except UnicodeDecodeError as error:
        raise PabulibError(f"el fichero no está en UTF-8 ({error.reason})") from None
    return parse_pabulib(text)


def _sections(text):
    """Yield (section, header, rows) where rows are (line number, fields) lists."""
    reader = csv.reader(io.StringIO(text), delimiter=";", quotechar='"', strict=True)
    sections = {}
    current = None
    header = None
    try:
        for fields in reader:
            line = reader.line_num
            if not fields or (len(fields) == 1 and not fields[0].strip()):
                continue
            first = fields[0].strip()
            if len(fields) == 1 and first.upper() in SECTIONS:
                current = first.upper()
                if current in sections:
                    raise PabulibError(f"la sección {current} aparece dos veces", line)
                sections[current] = (line, None, [])
                header = None
                continue
            if current is None:
                raise PabulibError("el fichero debe empezar por la sección META", line)
            if header is None:
                header = [f.strip().lower() for f in fields]
                sections[current] = (sections[current][0], header, [])
                continue
            sections[current][2].append((line, fields))
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


def parse_pabulib(text):
    """Parse the text of a .pb file into an Election."""
    # Hundreds of thousands of small objects and no cycles: the cyclic garbage collector would
    # only walk them again and again.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _parse(text)
    finally:
        if enabled:
            gc.enable()


def _parse(text):
    sections = _sections(text)

    meta = {}
    meta_lines = {}
    for line, fields in sections["META"][2]:
        if len(fields) < 2:
            raise PabulibError("una línea de META debe ser «clave;valor»", line)
        key = fields[0].strip()
        meta[key] = ";".join(fields[1:]).strip()
        meta_lines[key] = line
    meta_start = sections["META"][0]

    def meta_int(key, number=_integer):
        if key not in meta or meta[key] == "":
            return None
        return number(meta[key], key, meta_lines[key])

    if "budget" not in meta:
        raise PabulibError("META no tiene «budget»", meta_start)
    budget = meta_int("budget")
    if budget <= 0:
        raise PabulibError(f"el presupuesto debe ser positivo (es {budget})", meta_lines["budget"])
    vote_type = meta.get("vote_type", APPROVAL).strip().lower()
    vote_type = VOTE_TYPE_ALIASES.get(vote_type, vote_type)
    if vote_type not in VOTE_TYPES:
        raise PabulibError(
            f"tipo de voto no admitido: «{vote_type}»", meta_lines.get("vote_type", meta_start)
        )
    limits = {
        "min_length": meta_int("min_length"),
        "max_length": meta_int("max_length"),
        "max_sum_cost": meta_int("max_sum_cost"),
        "max_sum_points": meta_int("max_sum_points", _number),
        "min_project_score_threshold": meta_int("min_project_score_threshold", _number),
    }

    start, header, rows = sections["PROJECTS"]
    id_col = _column(header, "project_id", "PROJECTS", start + 1)
    cost_col = _column(header, "cost", "PROJECTS", start + 1)
    name_col = header.index("name") if "name" in header else None
    projects = {}
    width = len(header)
    for line, fields in rows:
        if len(fields) != width:
            raise PabulibError(
                f"la línea tiene {len(fields)} campos y la cabecera de PROJECTS {width}", line
            )
        pid = fields[id_col].strip()
        if not pid:
            raise PabulibError("proyecto sin project_id", line)
        if pid in projects:
            raise PabulibError(f"el proyecto «{pid}» está repetido", line)
        cost = _integer(fields[cost_col], f"el coste del proyecto «{pid}»", line)
        if cost <= 0:
            raise PabulibError(f"el coste del proyecto «{pid}» debe ser positivo (es {cost})", line)
        if cost > budget:
            raise PabulibError(
                f"el proyecto «{pid}» cuesta {cost}, más que el presupuesto ({budget})", line
            )
        extra = {h: f for h, f in zip(header, fields) if h not in ("project_id", "cost")}
        projects[pid] = Project(
            id=pid, cost=cost, name=fields[name_col] if name_col is not None else "", extra=extra
        )
    if not projects:
        raise PabulibError("la sección PROJECTS está vacía", start)

    election = Election(
        projects=projects,
        budget=budget,
        ballots=[],
        vote_type=vote_type,
        rule=meta.get("rule") or None,
        meta=meta,
        **limits,
    )

    start, header, rows = sections["VOTES"]
    voter_col = _column(header, "voter_id", "VOTES", start + 1)
    vote_col = _column(header, "vote", "VOTES", start + 1)
    has_points = vote_type in POINT_TYPES
    points_col = header.index("points") if "points" in header else None
    if has_points and points_col is None:
        raise PabulibError(f"los votos de tipo {vote_type} necesitan la columna «points»", start + 1)
    width = len(header)
    voters = set()
    ballots = election.ballots
    known = projects.keys()
    # Plain approval ballots are checked in bulk; anything else, or anything wrong, goes
    # through ballot_problem (which also words the error).
    simple = not has_points and election.max_sum_cost is None and vote_type == APPROVAL
    shortest = election.min_length or 0
    longest = election.max_length if election.max_length is not None else len(projects)
    for line, fields in rows:
        if len(fields) != width:
            raise PabulibError(
                f"la línea tiene {len(fields)} campos y la cabecera de VOTES {width}", line
            )
    voter_ids = [fields[voter_col].strip() for _, fields in rows]
    if len(set(voter_ids)) != len(voter_ids):
        for (line, _), voter in zip(rows, voter_ids):
            if voter in voters:
                raise PabulibError(f"el votante «{voter}» está repetido", line)
            voters.add(voter)
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
            if len(unique) == len(chosen) and shortest <= len(chosen) <= longest and unique <= known:
                ballots.append(Ballot(chosen, None, voter))
                continue
        points = None
        if has_points:
            raw = fields[points_col].strip()
            points = tuple(
                _number(p, "una puntuación", line) for p in raw.split(",")
            ) if raw else ()
            if len(points) != len(chosen):
                raise PabulibError(
                    f"el voto tiene {len(chosen)} proyectos pero {len(points)} puntuaciones", line
                )
        ballot = Ballot(chosen, points, voter)
        problem = ballot_problem(election, ballot)
        if problem:
            raise PabulibError(problem, line)
        ballots.append(ballot)
    try:
        election.validate()
    except PabulibError:
        raise
    except ElectionError as error:
        raise PabulibError(str(error), start) from None
    return election


def _decimal_text(value):
    if isinstance(value, Fraction):
        return format(Decimal(value.numerator) / Decimal(value.denominator), "f")
    return str(value)


def write_pabulib(election, selected=None):
    """The .pb text of ``election``; ``selected`` (ids) fills the PROJECTS ``selected`` column."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    meta = dict(election.meta)
    meta["budget"] = election.budget
    meta["vote_type"] = election.vote_type
    meta["num_projects"] = len(election.projects)
    meta["num_votes"] = len(election.ballots)
    for key in ("min_length", "max_length", "max_sum_cost", "max_sum_points",
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
        row = [project.id, project.cost, _decimal_text(scores[project.id]), project.name]
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
