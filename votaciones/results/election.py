"""The election: projects with integer costs, a budget and ballots. Plain data, no Django."""

from collections import Counter
from dataclasses import dataclass, field
from itertools import chain
from fractions import Fraction

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


def ballot_problem(election, ballot):
    """Why ``ballot`` is not valid in ``election`` (a Spanish message), or None if it is."""
    projects = election.projects
    seen = set()
    for pid in ballot.projects:
        if pid not in projects:
            return f"el voto menciona el proyecto «{pid}», que no está en la lista de proyectos"
        if pid in seen:
            return f"el voto repite el proyecto «{pid}»"
        seen.add(pid)
    n = len(ballot.projects)
    if election.vote_type in POINT_TYPES:
        if ballot.points is None or len(ballot.points) != n:
            got = 0 if ballot.points is None else len(ballot.points)
            return f"el voto tiene {n} proyectos pero {got} puntuaciones"
        if any(p < 0 for p in ballot.points):
            return "el voto tiene puntos negativos"
        if election.max_sum_points is not None and sum(ballot.points) > election.max_sum_points:
            return (
                f"el voto reparte {sum(ballot.points)} puntos y el máximo es "
                f"{election.max_sum_points}"
            )
    elif ballot.points is not None and len(ballot.points) != n:
        return f"el voto tiene {n} proyectos pero {len(ballot.points)} puntuaciones"
    if election.vote_type == CHOOSE_1 and n > 1:
        return f"un voto de tipo choose-1 elige {n} proyectos"
    if election.min_length is not None and n < election.min_length:
        return f"el voto elige {n} proyectos y el mínimo es {election.min_length}"
    if election.max_length is not None and n > election.max_length:
        return f"el voto elige {n} proyectos y el máximo es {election.max_length}"
    if election.max_sum_cost is not None:
        total = sum(projects[p].cost for p in ballot.projects)
        if total > election.max_sum_cost:
            return f"el voto suma {total} de coste y el máximo es {election.max_sum_cost}"
    return None


@dataclass(slots=True)
class Election:
    """Projects by id (in file order), the budget and the ballots.

    ``max_sum_cost`` makes approval ballots knapsack ballots; ``max_sum_points`` bounds
    cumulative ballots; ``min_project_score_threshold`` is the minimum score of greedy-threshold.
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
        counts = Counter(chain.from_iterable(ballot.projects for ballot in self.ballots))
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
