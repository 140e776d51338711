"""The election: projects with integer costs, a budget and ballots. Plain data, no Django."""

from collections import Counter
from dataclasses import dataclass, field
from itertools import chain
from fractions import Fraction
from operator import attrgetter

from .errors import ElectionError

APPROVAL = "approval"
CUMULATIVE = "cumulative"
CHOOSE_1 = "choose-1"
SCORING = "scoring"
VOTE_TYPES = (APPROVAL, CUMULATIVE, CHOOSE_1, SCORING)
# Ballots with points: a voter's utility for a project is the points given to it.
POINT_TYPES = (CUMULATIVE, SCORING)


def id_key(project_id):
    """The public-id order used by every tie-break: numeric ids by value, then the others as text."""
    text = str(project_id)
    if text.isdigit():
        return (0, int(text), text)
    return (1, 0, text)


@dataclass(frozen=True, slots=True)
class Project:
    id: str
    cost: int
    name: str = ""
    extra: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True, slots=True)
class Ballot:
    """One voter's ballot: the projects chosen and, for points ballots, the points in the same order."""

    projects: tuple
    points: tuple | None = None
    voter_id: str = ""

    def utilities(self):
        """(project id, utility) pairs: 1 per approved project, or the points given."""
        if self.points is None:
            return [(p, 1) for p in self.projects]
        return list(zip(self.projects, self.points))


def ballot_error(election, ballot):
    """Why ``ballot`` cannot be counted at all (a Spanish message), or None.

    A project missing from the list (a truncated PROJECTS section), points that do not match the
    projects, negative points: no reading of the file can count such a ballot.
    """
    projects = election.projects
    for pid in ballot.projects:
        if pid not in projects:
            return f"el voto menciona el proyecto «{pid}», que no está en la lista de proyectos"
    n = len(ballot.projects)
    if election.vote_type in POINT_TYPES:
        if ballot.points is None or len(ballot.points) != n:
            got = 0 if ballot.points is None else len(ballot.points)
            return f"el voto tiene {n} proyectos pero {got} puntuaciones"
        if any(p < 0 for p in ballot.points):
            return "el voto tiene puntos negativos"
    elif ballot.points is not None and len(ballot.points) != n:
        return f"el voto tiene {n} proyectos pero {len(ballot.points)} puntuaciones"
    return None


#: What a ballot may break and still be counted as it stands (``ballot_anomalies``), with the
#: sentence a report uses for a group of such ballots.
ANOMALY_TEXT = {
    "repeated-project": "votos que repiten un proyecto (se cuenta una vez; con puntos, la suma)",
    "max_sum_cost": "votos que suman más coste que max_sum_cost (contados tal como están)",
    "max_sum_points": "votos que reparten más puntos que max_sum_points (contados tal como están)",
    "min_length": "votos con menos proyectos que min_length (contados tal como están)",
    "max_length": "votos con más proyectos que max_length (contados tal como están)",
    "choose-1": "votos choose-1 con más de un proyecto (contados tal como están)",
}


def ballot_anomalies(election, ballot):
    """[(kind, Spanish message)]: the rules of the call that ``ballot`` breaks.

    Such a ballot can still be counted (publishers did): the readers accept it and report it,
    or refuse it when asked to be strict. ``ballot`` must have no ``ballot_error``.
    """
    found = []
    n = len(ballot.projects)
    if len(set(ballot.projects)) != n:
        seen = set()
        repeated = next(p for p in ballot.projects if p in seen or seen.add(p))
        found.append(("repeated-project", f"el voto repite el proyecto «{repeated}»"))
    if election.vote_type in POINT_TYPES:
        if election.max_sum_points is not None and sum(ballot.points) > election.max_sum_points:
            found.append(("max_sum_points", f"el voto reparte {sum(ballot.points)} puntos y el "
                          f"máximo es {election.max_sum_points}"))
    if election.vote_type == CHOOSE_1 and n > 1:
        found.append(("choose-1", f"un voto de tipo choose-1 elige {n} proyectos"))
    if election.min_length is not None and n < election.min_length:
        found.append(("min_length", f"el voto elige {n} proyectos y el mínimo es "
                      f"{election.min_length}"))
    if election.max_length is not None and n > election.max_length:
        found.append(("max_length", f"el voto elige {n} proyectos y el máximo es "
                      f"{election.max_length}"))
    if election.max_sum_cost is not None:
        total = sum(election.projects[p].cost for p in set(ballot.projects))
        if total > election.max_sum_cost:
            found.append(("max_sum_cost", f"el voto suma {total} de coste y el máximo es "
                          f"{election.max_sum_cost}"))
    return found


def merge_repeated(ballot):
    """The ballot with each project once: approvals count once, points add up."""
    if len(set(ballot.projects)) == len(ballot.projects):
        return ballot
    if ballot.points is None:
        return Ballot(tuple(dict.fromkeys(ballot.projects)), None, ballot.voter_id)
    merged = {}
    for pid, pts in zip(ballot.projects, ballot.points):
        merged[pid] = merged.get(pid, 0) + pts
    return Ballot(tuple(merged), tuple(merged.values()), ballot.voter_id)


def ballot_problem(election, ballot):
    """Why ``ballot`` is not valid in ``election`` (a Spanish message), or None if it is."""
    error = ballot_error(election, ballot)
    if error:
        return error
    anomalies = ballot_anomalies(election, ballot)
    return anomalies[0][1] if anomalies else None


@dataclass(slots=True)
class Election:
    """Projects by id (in file order), the budget and the ballots.

    ``max_sum_cost`` makes approval ballots knapsack ballots; ``max_sum_points`` bounds
    cumulative ballots. Three fields change who can win, under every rule:

    - ``min_project_score_threshold``: a project whose score is below it is never selected
      (greedy skips it; equal shares leaves it out of the run, so nobody's money goes to it);
    - ``exclusive_groups``: groups of project ids (any iterable of iterables) of which at most
      one may win, e.g. two alternative designs for one square;
    - ``category_caps``: ``{label: (cap, project ids)}``: the selected projects among those ids
      may cost ``cap`` at most in total (a share of the budget per district or theme).

    A project whose selection would break a group or a cap is skipped, as an unaffordable one
    is (see ``Constraints``). Money (budget, costs, caps) is an integer count of
    ``1 / money_scale`` currency units: a file with costs like ``102533.36`` is read with
    ``money_scale = 100`` and every amount multiplied by it. ``anomalies`` lists what a reader
    accepted but reports (``Anomaly``).
    """

    projects: dict
    budget: int
    ballots: list
    vote_type: str = APPROVAL
    min_length: int | None = None
    max_length: int | None = None
    max_sum_cost: int | None = None
    max_sum_points: int | Fraction | None = None
    min_project_score_threshold: int | Fraction | None = None
    rule: str | None = None
    meta: dict = field(default_factory=dict)
    exclusive_groups: tuple = ()
    category_caps: dict = field(default_factory=dict)
    money_scale: int = 1
    anomalies: list = field(default_factory=list)

    @classmethod
    def build(cls, projects, budget, ballots, **kwargs):
        """An election from a list of projects, checking that it can be counted."""
        by_id = {}
        for project in projects:
            if project.id in by_id:
                raise ElectionError(f"el proyecto «{project.id}» está repetido")
            by_id[project.id] = project
        election = cls(projects=by_id, budget=budget, ballots=list(ballots), **kwargs)
        election.validate(check_ballots=True)
        return election

    @property
    def has_points(self):
        return self.vote_type in POINT_TYPES

    def validate(self, check_ballots=False):
        """Raise ElectionError if the election cannot be counted."""
        if self.vote_type not in VOTE_TYPES:
            raise ElectionError(f"tipo de voto no admitido: «{self.vote_type}»")
        if not self.projects:
            raise ElectionError("la votación no tiene proyectos")
        if not isinstance(self.budget, int) or isinstance(self.budget, bool) or self.budget <= 0:
            raise ElectionError(f"el presupuesto debe ser un entero positivo (es {self.budget!r})")
        for project in self.projects.values():
            if not isinstance(project.cost, int) or project.cost <= 0:
                raise ElectionError(
                    f"el coste del proyecto «{project.id}» debe ser un entero positivo"
                )
            if project.cost > self.budget:
                raise ElectionError(
                    f"el proyecto «{project.id}» cuesta {project.cost}, más que el presupuesto "
                    f"({self.budget})"
                )
        if not self.ballots:
            raise ElectionError("la votación no tiene votos")
        for group in self.exclusive_groups:
            for pid in group:
                if pid not in self.projects:
                    raise ElectionError(
                        f"el grupo de proyectos excluyentes menciona «{pid}», que no está en la "
                        "lista de proyectos"
                    )
        for label, (cap, ids) in self.category_caps.items():
            if not isinstance(cap, int) or isinstance(cap, bool) or cap < 0:
                raise ElectionError(
                    f"el tope de la categoría «{label}» debe ser un entero no negativo (es {cap!r})"
                )
            for pid in ids:
                if pid not in self.projects:
                    raise ElectionError(
                        f"la categoría «{label}» menciona «{pid}», que no está en la lista de "
                        "proyectos"
                    )
        if check_ballots:
            for number, ballot in enumerate(self.ballots, 1):
                problem = ballot_problem(self, ballot)
                if problem:
                    raise ElectionError(f"voto {number}: {problem}")

    def scores(self):
        """Project id -> score: approvals, or the sum of points for points ballots."""
        scores = dict.fromkeys(self.projects, 0)
        if self.has_points:
            for ballot in self.ballots:
                for pid, points in zip(ballot.projects, ballot.points):
                    scores[pid] += points
            return scores
        counts = Counter(chain.from_iterable(map(attrgetter("projects"), self.ballots)))
        scores.update(counts)
        return scores

    def approvals(self):
        """Project id -> number of ballots that support it (with more than 0 points)."""
        counts = dict.fromkeys(self.projects, 0)
        for ballot in self.ballots:
            if ballot.points is None:
                for pid in ballot.projects:
                    counts[pid] += 1
            else:
                for pid, points in zip(ballot.projects, ballot.points):
                    if points > 0:
                        counts[pid] += 1
        return counts


@dataclass(frozen=True, slots=True)
class Anomaly:
    """Something a reader accepted as the publisher counted it, and reports.

    ``kind`` is a stable code, ``message`` a Spanish sentence, ``lines`` the file lines (all of
    them; displays show the first few).
    """

    kind: str
    message: str
    lines: tuple = ()

    @property
    def count(self):
        return len(self.lines)

    def as_dict(self):
        return {"kind": self.kind, "message": self.message, "count": self.count,
                "lines": list(self.lines)}

    def text(self, shown=10):
        lines = ", ".join(map(str, self.lines[:shown]))
        more = f" y {len(self.lines) - shown} más" if len(self.lines) > shown else ""
        return f"{self.message} ({self.count} votos; líneas {lines}{more})" if self.lines else self.message


def eligible(election, scores):
    """Project id -> may it win at all: supported (score > 0) and not under the threshold."""
    threshold = election.min_project_score_threshold
    return {
        pid: score > 0 and (threshold is None or score >= threshold)
        for pid, score in scores.items()
    }


class Constraints:
    """Exclusive groups and category caps, as the selection grows.

    Definition (every rule): a project is *blocked* once selecting it would put two projects of
    one exclusive group among the winners, or make the selected projects of a capped category
    cost more than the cap. A blocked project is never selected and stays blocked (the winners
    only grow, so what was spent in a category only grows). Greedy walks past it as it walks
    past a project that does not fit the budget; equal shares drops it from the round as it
    drops an unaffordable project, so it takes nobody's money. ``blocked`` is cheap when the
    election has no groups and no caps.
    """

    def __init__(self, election, key=None):
        """``key`` maps a project id to what the caller indexes projects by (default the id)."""
        key = key or (lambda pid: pid)
        self.groups_of = {}
        for g, group in enumerate(election.exclusive_groups):
            for pid in set(group):
                self.groups_of.setdefault(key(pid), []).append(g)
        self.caps_of = {}
        self.room = {}
        for label, (cap, ids) in election.category_caps.items():
            self.room[label] = cap
            for pid in set(ids):
                self.caps_of.setdefault(key(pid), []).append(label)
        self.cost = {}
        self.taken_groups = {}
        self.active = bool(self.groups_of or self.caps_of)

    def reason(self, project, cost):
        """None if ``project`` (of ``cost``) may still be selected, else why not: the winner of
        its exclusive group ("excluded", with the id) or the cap it would break ("over-cap")."""
        for g in self.groups_of.get(project, ()):
            if g in self.taken_groups:
                return "excluded"
        for label in self.caps_of.get(project, ()):
            if cost > self.room[label]:
                return "over-cap"
        return None

    def select(self, project, cost):
        for g in self.groups_of.get(project, ()):
            self.taken_groups[g] = project
        for label in self.caps_of.get(project, ()):
            self.room[label] -= cost


def drop_blocked(constraints, remaining, costs, chosen=None):
    """Record ``chosen`` (an index) in ``constraints`` and drop from ``remaining`` the projects
    it blocks (or, with no ``chosen``, those blocked from the start: a cap under their cost)."""
    if constraints is None:
        return
    if chosen is not None:
        constraints.select(chosen, costs[chosen])
    for k in [k for k in remaining if constraints.reason(k, costs[k])]:
        remaining.discard(k)
