"""Slow, obviously-correct reference rules and the bridge to pabutools, for the results tests.

The reference follows ../shared/design/RESULTS.md word by word, with per-voter Fraction budgets
and no optimisation at all. Only for small elections.
"""

from fractions import Fraction

from votaciones.results import id_key


def _utilities(election):
    """Per voter: {project id: utility} with utility 1 (approval) or the points (> 0)."""
    rows = []
    for ballot in election.ballots:
        rows.append({p: u for p, u in ballot.utilities() if u > 0})
    return rows


def may_win(election, pid, scores):
    """Supported, and not under the election's threshold (which applies under every rule)."""
    threshold = election.min_project_score_threshold
    return scores[pid] > 0 and (threshold is None or scores[pid] >= threshold)


def allowed(election, chosen, pid):
    """Would ``chosen`` + pid respect every exclusive group and every category cap?"""
    winners = set(chosen) | {pid}
    for group in election.exclusive_groups:
        if len(winners & set(group)) > 1:
            return False
    for cap, ids in election.category_caps.values():
        if sum(election.projects[p].cost for p in winners & set(ids)) > cap:
            return False
    return True


def reference_greedy(election, skip=True):
    scores = election.scores()
    projects = election.projects
    order = sorted(projects, key=lambda p: (-scores[p], projects[p].cost, id_key(p)))
    left = election.budget
    chosen = []
    for pid in order:
        if not may_win(election, pid, scores) or not allowed(election, chosen, pid):
            continue
        if projects[pid].cost <= left:
            chosen.append(pid)
            left -= projects[pid].cost
        elif not skip:
            break
    return chosen


def _smallest_rho(cost, holders):
    """Smallest rho with sum(min(b, rho*u)) == cost over holders [(b, u)], or None."""
    if sum(b for b, _ in holders) < cost:
        return None
    best = None
    # Try every set of "poor" voters: those who pay all they have.
    ordered = sorted(holders, key=lambda bu: Fraction(bu[0]) / bu[1])
    for k in range(len(ordered)):
        poor, rich = ordered[:k], ordered[k:]
        rho = Fraction(cost - sum(b for b, _ in poor)) / sum(u for _, u in rich)
        if all(rho * u >= b for b, u in poor) and all(rho * u <= b for b, u in rich):
            if best is None or rho < best:
                best = rho
    return best


def reference_equal_shares(election, per_voter):
    projects = election.projects
    utilities = _utilities(election)
    approvals = election.approvals()
    scores = election.scores()
    budgets = [Fraction(per_voter)] * len(utilities)
    remaining = {p for p in projects if may_win(election, p, scores)}
    chosen = []
    while True:
        candidates = []
        for pid in remaining:
            if not allowed(election, chosen, pid):
                continue
            holders = [(budgets[v], row[pid]) for v, row in enumerate(utilities) if pid in row]
            if not holders:
                continue
            rho = _smallest_rho(projects[pid].cost, holders)
            if rho is None:
                continue
            key = rho if election.has_points else rho / projects[pid].cost
            candidates.append((key, projects[pid].cost, -approvals[pid], id_key(pid), pid, rho))
        if not candidates:
            return chosen
        *_, pid, rho = min(candidates)
        chosen.append(pid)
        remaining.discard(pid)
        for v, row in enumerate(utilities):
            if pid in row:
                budgets[v] -= min(budgets[v], rho * row[pid])


def supported_cost(election):
    scores = election.scores()
    return sum(p.cost for pid, p in election.projects.items() if may_win(election, pid, scores))


def add1(election, run):
    """add1 completion around ``run(per_voter) -> [ids]``, as RESULTS.md defines it."""
    budget = election.budget
    cost = lambda ids: sum(election.projects[p].cost for p in ids)  # noqa: E731
    per_voter = budget // len(election.ballots)
    if supported_cost(election) <= budget:
        return run(max(per_voter, supported_cost(election)))
    chosen = run(per_voter)
    # From per_voter = supported_cost on, every voter alone can pay every project whatever they
    # paid before: the outcome no longer changes (the limit of the sequence). With exclusive
    # groups or caps that limit may be within the budget: then it is the result.
    while per_voter < supported_cost(election):
        per_voter += 1
        candidate = run(per_voter)
        if cost(candidate) > budget:
            return chosen
        chosen = candidate
    return chosen


def reference_add1(election):
    return add1(election, lambda p: reference_equal_shares(election, p))


def reference_add1u(election):
    chosen = reference_add1(election)
    scores = election.scores()
    projects = election.projects
    left = election.budget - sum(projects[p].cost for p in chosen)
    for pid in sorted(projects, key=lambda p: (-scores[p], projects[p].cost, id_key(p))):
        if (pid not in chosen and may_win(election, pid, scores) and projects[pid].cost <= left
                and allowed(election, chosen, pid)):
            chosen.append(pid)
            left -= projects[pid].cost
    return chosen


def reference_comparison(election):
    shares = set(reference_add1(election))
    greedy = set(reference_greedy(election))
    g_wins = s_wins = 0
    for row in _utilities(election):
        g = len(greedy & set(row))
        s = len(shares & set(row))
        g_wins += g > s
        s_wins += s > g
    return reference_greedy(election) if g_wins > s_wins else reference_add1(election)


REFERENCE = {
    "greedy": reference_greedy,
    "greedy-no-skip": lambda e: reference_greedy(e, skip=False),
    "greedy-threshold": reference_greedy,
    "equalshares": lambda e: reference_equal_shares(e, Fraction(e.budget, len(e.ballots))),
    "equalshares/add1": reference_add1,
    "equalshares/add1u": reference_add1u,
    "equalshares/add1-comparison": reference_comparison,
}


# --- pabutools ---------------------------------------------------------------------------


def to_pabutools(election, budget=None):
    from pabutools.election import (
        ApprovalBallot, ApprovalProfile, CumulativeBallot, CumulativeProfile, Instance, Project,
    )

    # pabutools has no threshold: the projects under it are left out of its instance
    scores = election.scores()
    projects = {pid: Project(pid, p.cost) for pid, p in election.projects.items()
                if may_win(election, pid, scores)}
    instance = Instance(projects.values(), budget_limit=budget or election.budget)
    if election.has_points:
        profile = CumulativeProfile(
            [CumulativeBallot({projects[p]: u for p, u in b.utilities() if p in projects})
             for b in election.ballots],
            instance=instance,
        )
    else:
        profile = ApprovalProfile(
            [ApprovalBallot(projects[p] for p in b.projects if p in projects)
             for b in election.ballots],
            instance=instance,
        )
    return instance, profile


def _tie_breaking(election, for_greedy):
    from pabutools.tiebreaking import TieBreakingRule

    approvals = election.approvals()
    if for_greedy:
        return TieBreakingRule(lambda inst, prof, p: (p.cost, id_key(p.name)))
    return TieBreakingRule(lambda inst, prof, p: (p.cost, -approvals[p.name], id_key(p.name)))


def pabutools_greedy(election):
    """pabutools' greedy by approvals (cost satisfaction), on the supported projects."""
    from pabutools.election import Cost_Sat, Instance
    from pabutools.rules import greedy_utilitarian_welfare

    assert not election.has_points
    instance, profile = to_pabutools(election)
    scores = election.scores()
    supported = Instance((p for p in instance if scores[p.name] > 0), budget_limit=instance.budget_limit)
    outcome = greedy_utilitarian_welfare(
        supported, profile, sat_class=Cost_Sat, tie_breaking=_tie_breaking(election, True)
    )
    return [p.name for p in outcome]


def pabutools_equal_shares(election, per_voter=None, prepared=None):
    from pabutools.election import Additive_Cardinal_Sat, Cost_Sat
    from pabutools.rules import method_of_equal_shares

    n = len(election.ballots)
    if per_voter is None:
        per_voter = Fraction(election.budget, n)
    instance, profile = prepared or to_pabutools(election)
    instance.budget_limit = per_voter * n
    outcome = method_of_equal_shares(
        instance,
        profile,
        sat_class=Additive_Cardinal_Sat if election.has_points else Cost_Sat,
        tie_breaking=_tie_breaking(election, False),
    )
    return [p.name for p in outcome]


def pabutools_add1(election):
    prepared = to_pabutools(election)
    return add1(election, lambda p: pabutools_equal_shares(election, p, prepared))


# --- Small elections for hypothesis ---------------------------------------------------------------


def draw_small_election(draw, min_projects=1, max_projects=5):
    """(ids, costs, budget, points, ballots) of a small random election, for hypothesis
    strategies (`draw` is the strategy's own): costs 1–6, a budget from the dearest project to
    all of them, 1–6 ballots of approvals or of 1–3 points each."""
    from hypothesis import strategies as st

    from votaciones.results import Ballot

    n_projects = draw(st.integers(min_projects, max_projects))
    costs = draw(st.lists(st.integers(1, 6), min_size=n_projects, max_size=n_projects))
    budget = draw(st.integers(max(costs), max(costs) + sum(costs)))
    points = draw(st.booleans())
    ids = [str(i) for i in range(1, n_projects + 1)]
    ballots = []
    for _ in range(draw(st.integers(1, 6))):
        chosen = draw(st.lists(st.sampled_from(ids), unique=True, max_size=n_projects))
        if points:
            given_points = draw(st.lists(st.integers(1, 3), min_size=len(chosen), max_size=len(chosen)))
            ballots.append(Ballot(tuple(chosen), tuple(given_points)))
        else:
            ballots.append(Ballot(tuple(chosen)))
    return ids, costs, budget, points, ballots

