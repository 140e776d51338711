"""The Method of Equal Shares with cost utilities (approval) or points utilities (cumulative).

Exact: budgets are integers over a common scale (a voter holds ``value / scale``; when a payment
is not a whole number of units the scale and the values are multiplied by the missing factor), so
sorting and summing them runs at C speed with no rounding. A project's ratio can only grow from
round to round (budgets only shrink), so each round evaluates projects in order of their last
ratio and stops as soon as no other can beat the best.

Approval ballots run on ``fast_shares`` (numpy: floats search, exact integers decide, same
outcome); ``_run_approval`` below is the all-integer version it is tested against.

Ties between projects with the same ratio: lower cost, then more approvals, then lower public id.

Who may win (every run, every completion): a project under the election's
``min_project_score_threshold`` is no candidate at all (its supporters keep their money for the
others), and a project whose selection would break an exclusive group or a category cap
(``election.Constraints``) is dropped from the round as an unaffordable project is, and never
comes back (the winners only grow). The add1 completion's "outcome within the budget" test and
its shortcut are unchanged: constraints only remove candidates.
"""

from collections import Counter
from fractions import Fraction
from itertools import chain
from math import gcd, lcm
from operator import attrgetter, mul, sub

from . import fast_shares
from .election import Constraints, drop_blocked, eligible, id_key
from .greedy import greedy_walk, new_results
from .outcome import BELOW_THRESHOLD, NO_SUPPORT, SELECTED, UNAFFORDABLE, Outcome


class Prepared:
    """The election reorganised for equal shares; reusable across runs with different budgets."""

    def __init__(self, election):
        self.election = election
        self.ids = list(election.projects)
        index = {pid: j for j, pid in enumerate(self.ids)}
        self.costs = [election.projects[p].cost for p in self.ids]
        self.voters = len(election.ballots)
        self.points = election.has_points
        supporters = [[] for _ in self.ids]
        if self.points:
            utilities = [[] for _ in self.ids]
            adds = [(s.append, u.append) for s, u in zip(supporters, utilities)]
            add = {pid: adds[j] for pid, j in index.items()}
            for v, ballot in enumerate(election.ballots):
                for pid, pts in zip(ballot.projects, ballot.points):
                    if pts > 0:
                        to_supporters, to_utilities = add[pid]
                        to_supporters(v)
                        to_utilities(pts)
            # Fractional points: scale every utility by the same factor (rho scales by its
            # inverse, so the order of projects and the payments are unchanged).
            if {int} >= set(map(type, chain.from_iterable(utilities))):
                factor = 1
                self.utilities = utilities
            else:
                factor = lcm(*(getattr(u, "denominator", 1) for row in utilities for u in row))
                self.utilities = [[int(u * factor) for u in row] for row in utilities]
            common = lcm(*{u for row in self.utilities for u in row})
            self.weights = [[common // u for u in row] for row in self.utilities]
        else:
            chosen = list(map(attrgetter("projects"), election.ballots))
            if sum(map(len, chosen)) < NUMPY_FROM_SUPPORTS:
                add = {pid: supporters[j].append for pid, j in index.items()}
                for v, projects in enumerate(chosen):
                    for pid in projects:
                        add[pid](v)
            else:  # the same lists (as numpy arrays, for fast_shares), built at C speed
                supporters = fast_shares.supporters(chosen, index)
            self.utilities = None
        self.supporters = supporters
        self._arrays = None
        self._saturation = None
        self.approvals = [len(s) for s in supporters]
        self.supports = sum(self.approvals)
        self.tie = [
            (self.costs[j], -self.approvals[j], id_key(pid)) for j, pid in enumerate(self.ids)
        ]
        if self.points:
            scores = dict(zip(self.ids, map(sum, self.utilities)))
            if factor != 1:
                scores = {pid: Fraction(v, factor) for pid, v in scores.items()}
        else:
            scores = dict(zip(self.ids, self.approvals))
        self.scores = scores
        allowed = eligible(election, scores)
        self.eligible = [allowed[pid] for pid in self.ids]
        #: indexes of the projects that may win: supported and not under the threshold
        self.candidates = [j for j, ok in enumerate(self.eligible) if ok]
        self.index = index

    def constraints(self):
        """A fresh ``Constraints`` over project indexes, or None if the election has none."""
        if not (self.election.exclusive_groups or self.election.category_caps):
            return None
        constraints = Constraints(self.election, key=self.index.__getitem__)
        return constraints if constraints.active else None

    @property
    def arrays(self):
        """numpy index arrays of the supporters (approval ballots), built on first use."""
        if self._arrays is None:
            self._arrays = fast_shares.Arrays(self)
        return self._arrays

    @property
    def saturation(self):
        """The most any one voter pays if every candidate is bought in plain equal shares (each
        share rounded up to a whole unit): from this per-voter budget on, the runs of equal
        shares no longer change (see equal_shares_add1)."""
        if self._saturation is None:
            self._saturation = max(self._plain_shares_per_voter(), default=0)
        return self._saturation

    def _plain_shares_per_voter(self):
        """For each voter, the sum over the candidates they support of ``ceil(cost * u / U)``,
        u their utility (1, or their points) and U the project's total (supporters, points)."""
        costs = self.costs
        top = max(map(max, filter(None, self.utilities)), default=1) if self.points else 1
        if self.supported_cost * top < 2**62:  # int64 holds every product and sum
            import numpy as np

            spent = np.zeros(self.voters, dtype=np.int64)
            for j in self.candidates:
                supporters = np.asarray(self.supporters[j], dtype=np.intp)
                if self.points:
                    u = np.asarray(self.utilities[j], dtype=np.int64)
                    spent[supporters] += -(-costs[j] * u // int(u.sum()))  # ceil
                else:
                    spent[supporters] += -(-costs[j] // len(supporters))
            return spent.tolist()
        spent = [0] * self.voters  # amounts too large for int64: Python integers
        for j in self.candidates:
            utilities = self.utilities[j] if self.points else [1] * len(self.supporters[j])
            total = sum(utilities)
            for v, u in zip(self.supporters[j], utilities):
                spent[v] += -(-costs[j] * u // total)
        return spent

    @property
    def supported_cost(self):
        """What every project that may win costs together."""
        return sum(self.costs[j] for j in self.candidates)



def _evaluate_points(budget, supporters, utilities, weights, cost_scaled):
    """(rest, weight) with rho = rest / weight (units of 1/D per point), or None.

    ``weights[i]`` is ``L // utilities[i]`` for a common multiple L of the utilities, so
    ``budget * weights[i]`` is ``L`` times budget / utility: sorting by it is the exact order of
    what each supporter can pay per point, in integers (no Fraction is built).
    """
    held = list(map(budget.__getitem__, supporters))
    if sum(held) < cost_scaled:
        return None
    keys = list(map(mul, held, weights))
    rest = cost_scaled
    weight = sum(utilities)
    for i in sorted(range(len(held)), key=keys.__getitem__):
        value = held[i]
        u = utilities[i]
        if rest * u <= value * weight:
            return rest, weight
        rest -= value
        weight -= u
    raise AssertionError("unreachable: the supporters hold enough")


# Exact ratios without Fraction. Both runs below keep a project's ratio (money per unit of
# utility: share / cost for approval, rho per point for points) as a pair of positive integers
# (n, d) meaning n / d, and compare two of them by cross-multiplication:
#     n1 / d1 < n2 / d2   <=>   n1 * d2 < n2 * d1        (d1, d2 > 0)
# ``rank[j] = (n / d, tie[j])`` orders the candidates: int / int is correctly rounded in Python,
# hence monotone (x < y implies float(x) <= float(y)), so a float strictly above another is an
# exact ratio strictly above it too; only equal floats need the exact comparison.


def _round_winner(remaining, bound, rank, tie, evaluate):
    """The candidate of least ratio this round, ties by ``tie``: (j, n, d, found), or None.

    ``bound[j]`` is a lower bound of j's ratio (its ratio in an earlier round: budgets only
    shrink, so ratios only grow); candidates are tried in order of it and the round ends as soon
    as no other can beat the best. ``evaluate(j)`` gives None (its supporters cannot pay it: it
    leaves ``remaining`` for good) or (n, d, found), its exact ratio n / d and what paying needs.
    """
    best = None
    for j in sorted(remaining, key=rank.__getitem__):
        if best is not None:
            if rank[j][0] > best_float:  # every later candidate is worse too
                break
            n, d = bound[j]
            if n * best_d > best_n * d:
                continue
        result = evaluate(j)
        if result is None:
            remaining.discard(j)
            continue
        n, d, found = result
        bound[j] = (n, d)
        rank[j] = (n / d, tie[j])
        if best is not None and (n * best_d > best_n * d
                                 or (n * best_d == best_n * d and tie[j] > tie[best[0]])):
            continue
        best = (j, n, d, found)
        best_n, best_d, best_float = n, d, rank[j][0]
    return best


#: Approval elections with fewer supports (ballot x project pairs) than this run on the
#: all-integer ``_run_approval``: on them numpy's per-call overhead costs more than it saves
#: (measured on the shared files: Świecie and Wieliczka are faster without it, Mokotów with).
NUMPY_FROM_SUPPORTS = 50_000


def run_fixed(prepared, per_voter):
    """One run of equal shares with ``per_voter`` each: [(index, share, most paid, payers)]."""
    if prepared.points:
        return _run_per_voter(prepared, per_voter)
    if prepared.supports < NUMPY_FROM_SUPPORTS:
        return _run_approval(prepared, per_voter)
    return fast_shares.run_approval(prepared, prepared.arrays, per_voter)


BROKE = 0  # approval runs: the budget class of the voters who have nothing left


def _evaluate_approval(values, hist, cost_scaled):
    """Approval: (rest, count) with the share ``rest / count``, or None if unaffordable.

    ``hist`` counts the supporters per budget class; a class holds ``values[b]`` (units of
    1/scale). With the supporters sorted by what they hold, the poorest pay all they hold and
    the others the share of what is left: the walk goes up the classes and stops at the first
    one that can pay the share of the rest (``rest <= value * count``, with ``count`` the
    supporters from that class on). The two tests before it are shortcuts of the same walk.
    """
    held = list(map(values.__getitem__, hist))
    if sum(map(mul, held, hist.values())) < cost_scaled:  # they hold less than the cost
        return None
    count = hist.total()
    if min(held) * count >= cost_scaled:  # nobody is short: the walk stops at once
        return cost_scaled, count
    rest = cost_scaled
    for b in sorted(hist, key=values.__getitem__):
        value = values[b]
        if rest <= value * count:
            return rest, count
        c = hist[b]
        rest -= value * c
        count -= c
    raise AssertionError("unreachable: the supporters hold the cost")


def _run_approval(prepared, per_voter):
    """Approval ballots (cost utilities), all in exact integers: the reference of fast_shares.

    **Integer scaling.** Invariant: voter v holds exactly ``values[bid[v]] / scale`` currency
    units, ``values`` and ``scale`` integers. When a share is not a whole number of 1/scale
    units, ``scale`` and every value are multiplied by the missing factor (no budget changes).

    Voters are grouped in budget classes (``bid[v]`` is v's class): voters who supported the
    same selected projects hold the same budget, so only the small table of class values is
    rescaled. Supporters left with nothing join the class BROKE (value 0 for good). Lists are
    read, summed and written with ``map``, ``sum``, ``sorted`` (C loops, no Python loop over
    voters).

    A project's share is ``rest / count`` (units of 1/scale) and its ratio share / cost is the
    pair ``(rest, count * cost * scale)`` (see ``_round_winner``).
    """
    num, scale = per_voter.numerator, per_voter.denominator  # int or Fraction
    values = [0, num]  # BROKE, then everybody
    sizes = [0, prepared.voters]
    bid = [1] * prepared.voters
    bid_get = bid.__getitem__
    costs = prepared.costs
    tie = prepared.tie
    approvals = prepared.approvals
    supporters = prepared.supporters
    constraints = prepared.constraints()
    # First round: everybody holds num / scale, a project's ratio is 1 / approvals.
    remaining = {j for j in prepared.candidates if approvals[j] * num >= costs[j] * scale}
    drop_blocked(constraints, remaining, costs)
    if not remaining:
        return []
    bound = {j: (1, approvals[j]) for j in remaining}
    rank = {j: (1 / approvals[j], tie[j]) for j in remaining}
    j = min(remaining, key=rank.__getitem__)
    found = (costs[j] * scale, approvals[j], {1: approvals[j]})
    left = num * prepared.voters  # what all the voters hold together (units of 1/scale)

    def evaluate(j):
        cost_scaled = costs[j] * scale
        if cost_scaled > left:  # all the voters together hold less than its cost
            return None
        hist = Counter(map(bid_get, supporters[j]))  # supporters per budget class
        hist.pop(BROKE, None)  # they hold nothing: they pay nothing and share nothing
        found = _evaluate_approval(values, hist, cost_scaled)
        if found is None:
            return None
        return found[0], found[1] * cost_scaled, (*found, hist)

    chosen = []
    while True:
        remaining.discard(j)
        rest, count, hist = found  # hist: the supporters of j per budget class, BROKE left out
        factor = count // gcd(rest, count)
        if factor > 1:
            scale *= factor
            values[:] = [value * factor for value in values]
            rest *= factor
            left *= factor
        unit = rest // count  # the share, exactly: those who hold less pay all they hold
        left -= costs[j] * scale  # the supporters pay exactly the cost together
        remap = {}
        for b, c in hist.items():
            value = values[b]
            if value <= unit:  # pays all of it: to the class BROKE
                remap[b] = BROKE
                sizes[b] -= c
                sizes[BROKE] += c
                if not sizes[b]:
                    values[b] = 0
            elif c == sizes[b]:  # the whole class supports it: update in place
                values[b] = value - unit
            else:  # split the class
                remap[b] = len(values)
                values.append(value - unit)
                sizes.append(c)
                sizes[b] -= c
        if remap:
            sup = supporters[j]
            old = list(map(bid_get, sup))
            list(map(bid.__setitem__, sup, map(remap.get, old, old)))  # bid[v] = remap.get(b, b)
        # The richest supporters pay exactly the share (someone always does: see
        # _evaluate_approval), so it is also the most anybody paid.
        share = Fraction(unit, scale)
        chosen.append((j, share, share, sum(hist.values())))
        drop_blocked(constraints, remaining, costs, j)
        best = _round_winner(remaining, bound, rank, tie, evaluate)
        if best is None:
            return chosen
        j, found = best[0], best[3]


def _run_per_voter(prepared, per_voter):
    """Points ballots: one exact integer budget per voter.

    **Integer scaling.** Invariant: voter v holds exactly ``budget[v] / scale`` currency units;
    when a payment is not a whole number of 1/scale units, ``scale`` and every budget are
    multiplied by the missing factor. rho (money per point) is ``rest / weight`` units of
    1/scale, so its ratio is the pair ``(rest, weight * scale)`` (see ``_round_winner``).
    """
    num, scale = per_voter.numerator, per_voter.denominator  # int or Fraction
    budget = [num] * prepared.voters
    costs = prepared.costs
    tie = prepared.tie
    supporters = prepared.supporters
    utilities = prepared.utilities
    weights = prepared.weights
    remaining = set(prepared.candidates)
    constraints = prepared.constraints()
    drop_blocked(constraints, remaining, costs)
    bound = dict.fromkeys(remaining, (0, 1))
    rank = {j: (0.0, tie[j]) for j in remaining}

    def evaluate(j):
        found = _evaluate_points(budget, supporters[j], utilities[j], weights[j],
                                 costs[j] * scale)
        if found is None:
            return None
        return found[0], found[1] * scale, found

    chosen = []
    while True:
        best = _round_winner(remaining, bound, rank, tie, evaluate)
        if best is None:
            return chosen
        j, (rest, count) = best[0], best[3]
        remaining.discard(j)
        factor = count // gcd(rest, count)
        if factor > 1:
            scale *= factor
            budget = list(map(factor.__mul__, budget))
            rest *= factor
        unit = rest // count  # rho in units of 1/scale per point
        # every supporter pays min(rho * points, what they hold), in C loops over the lists
        sup = supporters[j]
        held = list(map(budget.__getitem__, sup))
        paid = list(map(min, map(unit.__mul__, utilities[j]), held))
        most = max(paid)
        payers = len(paid) - paid.count(0)
        list(map(budget.__setitem__, sup, map(sub, held, paid)))
        chosen.append((j, Fraction(unit, scale), Fraction(most, scale), payers))
        drop_blocked(constraints, remaining, costs, j)


def _outcome(prepared, chosen, rule, per_voter, details=None):
    election = prepared.election
    approvals = dict(zip(prepared.ids, prepared.approvals))
    results = new_results(election, scores=prepared.scores, approvals=approvals)
    selected = []
    constraints = prepared.constraints()
    for j, _ratio, paid_max, payers in chosen:
        pid = prepared.ids[j]
        selected.append(pid)
        result = results[pid]
        result.selected = True
        result.round = len(selected)
        result.reason = SELECTED
        result.stage = "equalshares"
        result.supporters_paid = paid_max  # a Fraction
        result.payers = payers
        result.effective_votes = (Fraction(result.cost * paid_max.denominator, paid_max.numerator)
                                  if paid_max else None)  # cost / paid_max
        if constraints is not None:
            constraints.select(j, result.cost)
    for j, result in enumerate(results.values()):
        if not result.selected:
            if not result.approvals:
                result.reason = NO_SUPPORT
            elif not prepared.eligible[j]:
                result.reason = BELOW_THRESHOLD
            else:
                blocked = constraints and constraints.reason(j, result.cost)
                result.reason = blocked or UNAFFORDABLE
    details = details or {}
    if election.min_project_score_threshold is not None:
        details["threshold"] = election.min_project_score_threshold
    return Outcome(rule=rule, budget=election.budget, selected=selected, projects=results,
                   per_voter=per_voter, details=details)


def equal_shares(election, prepared=None):
    """Fixed budget: every voter gets budget / voters."""
    prepared = prepared or Prepared(election)
    per_voter = Fraction(election.budget, prepared.voters)
    if per_voter.denominator == 1:
        per_voter = per_voter.numerator
    return _outcome(prepared, run_fixed(prepared, per_voter), "equalshares", per_voter)


def equal_shares_add1(election, prepared=None, rule="equalshares/add1", step=1):
    """add1 completion: per_voter = floor(budget / voters), +1, +2... while the outcome fits.

    The result is the last outcome within the budget. If the sequence never leaves the budget,
    the result is its limit (below: the outcomes are constant from ``saturation`` on).

    **Early stop.** For a candidate project j (one that may win) and a supporter v of it, let
    ``plain(j, v) = ceil(cost[j] * u / U)``, u v's utility for j (1, or v's points) and U the
    sum of its supporters' utilities: v's share of j when nobody is short, rounded up. Let
    ``saturation`` be the largest sum of ``plain(j, v)`` over the candidates one voter v
    supports (``Prepared.saturation``). Claim: every run with ``per_voter >= saturation`` gives
    the same outcome, in the same order, with the same payments. Proof, by induction over the
    rounds: suppose nobody was short so far, so each voter paid exactly ``cost * u / U <=
    plain(w, v)`` for each earlier winner w they support. A supporter v of the project j being
    evaluated (not an earlier winner) then still holds at least ``saturation`` minus the
    ``plain`` of those winners, hence at least ``plain(j, v) >= cost[j] * u / U``: what j asks
    of v when nobody is short. So nobody is short for any candidate: every candidate is
    affordable, its share is ``cost / supporters`` (approval) or ``rho = cost / points``
    (cumulative), independent of per_voter, so every comparison of the round, every payment and
    the winner are the same for every such per_voter, and the constraints see the same winners.
    Hence once ``per_voter + step`` reaches ``saturation`` the next outcome is the limit: if it
    is within the budget the sequence never leaves the budget and it is the result (the loop
    stops there instead of running forever, which with exclusive groups or caps it otherwise
    could); if not, the previous outcome is. ``saturation`` is at most the sum of the costs of
    one voter's candidates (the bound used before, where the same argument holds with "pays at
    most the whole cost") and usually far below it. ``tests/votaciones/test_results_constraints.py``
    checks this against the full definition (the reference stops at the cruder bound
    ``supported_cost``) with hypothesis.

    Stopping at the first outcome that spends the whole budget would *not* be sound: a later
    outcome may swap projects and still fit (a counterexample is in the tests).

    ``step`` (default 1, the definition of RESULTS.md) raises the per-voter budget by that many
    units per run instead: the platform uses it when a currency's unit is tiny next to each
    voter's share (see ``add1_step``), where +1 would take millions of runs.
    """
    if not isinstance(step, int) or step < 1:
        raise ValueError("step must be a positive integer")
    prepared = prepared or Prepared(election)
    budget = election.budget
    costs = prepared.costs
    per_voter = budget // prepared.voters
    runs = 0
    if prepared.supported_cost <= budget:
        per_voter = max(per_voter, prepared.supported_cost)
        chosen = run_fixed(prepared, per_voter)
        runs = 1
    else:
        chosen = run_fixed(prepared, per_voter)
        runs = 1
        saturation = prepared.saturation
        while per_voter < saturation:
            candidate = run_fixed(prepared, per_voter + step)
            runs += 1
            if sum(costs[c[0]] for c in candidate) > budget:
                break
            per_voter += step
            chosen = candidate
    details = {"runs": runs}
    if step != 1:
        details["step"] = step
    return _outcome(prepared, chosen, rule, per_voter, details)


#: The platform's add1 step: at most this many runs per 100 % of the starting per-voter budget.
ADD1_RUNS_PER_SHARE = 1000


def add1_step(election):
    """1 (the exact definition) unless each voter's starting share exceeds ADD1_RUNS_PER_SHARE
    units; then a thousandth of that share, so that pesos behave like the zlotys of the
    reference elections (where a voter's share is a few hundred units)."""
    voters = len(election.ballots)
    if not voters:
        return 1
    return max(1, (election.budget // voters) // ADD1_RUNS_PER_SHARE)


def equal_shares_add1_utilitarian(election, prepared=None, step=1):
    outcome = equal_shares_add1(election, prepared, rule="equalshares/add1u", step=step)
    greedy_walk(election, outcome.projects, outcome.selected, stage="utilitarian")
    return outcome
