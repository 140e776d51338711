"""The rules of a ballot box and the check of one ballot against them. Pure Python, no Django.

A ballot is a mapping ``{project id: points}``: 1 per chosen project for approval, knapsack and
choose-1 ballots, the points given for cumulative ballots. ``problems(rules, ballot)`` returns the
reasons a ballot may not be cast as ``Problem(code, params)``; an empty list means it is valid.
The services turn codes into translated messages (``votaciones.services.PROBLEM_MESSAGES``); views
show them and the paper-ballot import reports them per line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

APPROVAL = "approval"
KNAPSACK = "knapsack"
CHOOSE_ONE = "choose_one"
CUMULATIVE = "cumulative"
BALLOT_TYPES = (APPROVAL, KNAPSACK, CHOOSE_ONE, CUMULATIVE)


@dataclass(frozen=True)
class Problem:
    """Why a ballot may not be cast: a code and the numbers its message needs."""

    code: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class BallotRules:
    """What a ballot box accepts.

    ``costs`` maps every project on the ballot to its validated cost; ``budget`` is the
    territory's ceiling (knapsack ballots must fit it; ``min_spend`` is the least they must use).
    """

    ballot_type: str
    costs: dict = field(default_factory=dict)
    budget: int | None = None
    min_selections: int = 1
    max_selections: int | None = None
    points: int | None = None
    max_points_per_project: int | None = None
    min_spend: int | None = None

    @property
    def has_points(self) -> bool:
        return self.ballot_type == CUMULATIVE

    @property
    def limit(self) -> int | None:
        """Most projects a voter may choose (None: no count limit)."""
        if self.ballot_type == CHOOSE_ONE:
            return 1
        return self.max_selections

    def spent(self, ballot: dict) -> int:
        return sum(self.costs.get(pid, 0) for pid in ballot)


def normalise(rules: BallotRules, raw: dict) -> dict:
    """Drop zero-point entries: choosing nothing for a project is not choosing it."""
    return {pid: pts for pid, pts in raw.items() if pts}


def problems(rules: BallotRules, ballot: dict) -> list[Problem]:
    """Why ``ballot`` ({project id: points}) may not be cast under ``rules``; [] if it may.

    Codes: unknown_project, bad_points, no_points, too_many_points, project_points_cap,
    repeated_mark, empty, too_few, too_many, only_one, over_budget, under_min_spend.
    """
    if any(pid not in rules.costs for pid in ballot):
        return [Problem("unknown_project")]
    if any(not isinstance(pts, int) or isinstance(pts, bool) or pts < 0 for pts in ballot.values()):
        return [Problem("bad_points")]
    errors = []
    chosen = normalise(rules, ballot)
    count = len(chosen)
    if rules.has_points:
        total = sum(chosen.values())
        if not chosen:
            errors.append(Problem("no_points"))
        if rules.points is not None and total > rules.points:
            errors.append(Problem("too_many_points", {"total": total, "max": rules.points}))
        cap = rules.max_points_per_project
        if cap is not None and any(pts > cap for pts in chosen.values()):
            errors.append(Problem("project_points_cap", {"max": cap}))
    else:
        if any(pts != 1 for pts in chosen.values()):
            errors.append(Problem("repeated_mark"))
        if count == 0:
            errors.append(Problem("empty"))
    if count and count < rules.min_selections:
        errors.append(Problem("too_few", {"min": rules.min_selections, "count": count}))
    limit = rules.limit
    if limit is not None and count > limit:
        if limit == 1:
            errors.append(Problem("only_one"))
        else:
            errors.append(Problem("too_many", {"max": limit, "count": count}))
    if rules.ballot_type == KNAPSACK and rules.budget is not None:
        spent = rules.spent(chosen)
        if spent > rules.budget:
            errors.append(Problem("over_budget", {"spent": spent, "budget": rules.budget}))
        elif rules.min_spend and count and spent < rules.min_spend:
            errors.append(Problem("under_min_spend", {"spent": spent, "min": rules.min_spend}))
    return errors
