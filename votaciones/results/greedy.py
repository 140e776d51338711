"""Greedy (the traditional rule) and its variants.

Projects are walked by score, highest first; ties go to the lower cost, then the lower public id
(``id_key``). A project is walked past, and never selected, when:

- nobody voted for it (``no-support``);
- its score is under the election's ``min_project_score_threshold`` (``below-threshold``);
- selecting it would break an exclusive group (``excluded``) or a category cap (``over-cap``),
  see ``election.Constraints``;
- it costs more than what is left of the budget (``does-not-fit``). With ``skip=False``
  (greedy-no-skip) this is the only case that ends the walk: the projects after it are
  ``not-reached``. The other cases never end it: they are not candidates at all.
"""

from .election import Constraints, eligible, id_key
from .outcome import (
    BELOW_THRESHOLD, DOES_NOT_FIT, NO_SUPPORT, NOT_REACHED, SELECTED, Outcome, ProjectResult,
)


def greedy_order(election, scores):
    projects = election.projects
    return sorted(projects, key=lambda p: (-scores[p], projects[p].cost, id_key(p)))


def new_results(election, scores=None, approvals=None):
    scores = election.scores() if scores is None else scores
    if approvals is None:
        # approval ballots name each project once: the score is the number of approvals
        approvals = scores if not election.has_points else election.approvals()
    return {
        pid: ProjectResult(id=pid, cost=p.cost, score=scores[pid], approvals=approvals[pid])
        for pid, p in election.projects.items()
    }


def greedy_walk(election, results, selected, *, skip=True, stage="greedy"):
    """Extend ``selected`` (a list) greedily within the budget, filling ``results``.

    The projects already in ``selected`` count against the budget, the groups and the caps.
    """
    left = election.budget - sum(results[p].cost for p in selected)
    taken = set(selected)
    scores = {pid: r.score for pid, r in results.items()}
    threshold = election.min_project_score_threshold
    constraints = Constraints(election)
    for pid in selected:
        constraints.select(pid, results[pid].cost)
    stopped = False
    for pid in greedy_order(election, scores):
        if pid in taken:
            continue
        result = results[pid]
        if result.score <= 0:
            result.reason = result.reason or NO_SUPPORT
            continue
        if threshold is not None and result.score < threshold:
            result.reason = BELOW_THRESHOLD
            continue
        if stopped:
            result.reason = NOT_REACHED
            continue
        if constraints.active:
            blocked = constraints.reason(pid, result.cost)
            if blocked:
                result.reason = blocked
                continue
        result.remaining_budget = left
        if result.cost <= left:
            left -= result.cost
            selected.append(pid)
            taken.add(pid)
            constraints.select(pid, result.cost)
            result.selected = True
            result.round = len(selected)
            result.reason = SELECTED
            result.stage = stage
        else:
            result.reason = DOES_NOT_FIT
            if not skip:
                stopped = True
    return selected


def greedy(election, *, skip=True, rule=None):
    results = new_results(election)
    selected = greedy_walk(election, results, [], skip=skip)
    name = rule or ("greedy" if skip else "greedy-no-skip")
    threshold = election.min_project_score_threshold
    return Outcome(rule=name, budget=election.budget, selected=selected, projects=results,
                   details={"threshold": threshold} if threshold is not None else {})
