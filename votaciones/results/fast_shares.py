"""Equal shares on approval ballots with numpy: float to search, exact integers to decide.

Same rule, same outcome as the pure-Python ``equal_shares._run_approval`` (which stays as the
reference and is tested against this one), only faster on large elections.

Voters are grouped in budget classes as there: ``bid[v]`` is the class of voter ``v`` and the
voters of a class hold the same budget. What is stored per class:

- ``fv``: the budget as a float, with an absolute error of at most ``error`` (a bound kept up to
  date round after round: ``(1 + 3 * rounds) * 2**-52 * per_voter``, each payment adding the
  rounding of the share and of the subtraction);
- ``paid``: a 0/1 row, which rounds the class paid the round's equal share in. A class that ever
  paid less than the share paid all it had and is in the class BROKE, so the exact budget of a
  class is ``per_voter - sum(share[r] for r in its rounds)`` (integers over a common scale);
  sums over many classes are one matrix product (0/1 times voter counts, exact in float64
  below 2**53) and one big-integer operation per round.

Evaluating a project: its supporters are counted per class (``np.bincount``), the classes sorted
by float budget, and the float walk of the rule finds the split between the supporters who pay
all they have and those who pay the equal share. Then, exactly: the sum held by the first ones
(so the exact share and the exact ratio), and a check that the split is the exact one: every
class whose float budget is within the error bound of the share is compared exactly. Whenever
something cannot be settled that way (the supporters hold almost exactly the cost, a budget
near the share is not on the expected side), the project is evaluated with exact budgets for
every class, so floats only ever choose where to look: every ratio compared, every share paid
and every budget kept is exact, and ties go through the same exact comparison and tie-break as
in the reference.

The one shortcut: a candidate whose float ratio is clearly above the best of the round is not
evaluated exactly if its supporters provably cannot pay its cost with a share just below the
float estimate (the sum of min(budget, share) with every error bound added stays under the
cost). That proves a lower bound of its ratio, above the best: it cannot win the round, and the
bound orders it in the next ones.
"""

from fractions import Fraction
from itertools import chain, compress
from math import gcd
from operator import mul

import numpy as np

from .election import drop_blocked

BROKE = 0
ULP = 2.0**-52  # twice the unit roundoff of a float64, to keep every bound on the safe side


def supporters(chosen, index):
    """For each project (by ``index``), the ascending voter indexes whose ballot lists it.

    ``chosen[v]`` is the tuple of project ids of voter v (each id once). One flat array of
    project indexes, its voters beside it, a stable sort by project: the voters of each project
    come out in ascending order, as the pure-Python loop of ``Prepared`` builds them.
    """
    lengths = np.fromiter(map(len, chosen), dtype=np.intp, count=len(chosen))
    # up to 65,536 projects the indexes fit 16 bits, where numpy's stable sort is a radix sort
    small = np.uint16 if len(index) <= 2**16 else np.intp
    flat = np.fromiter(map(index.__getitem__, chain.from_iterable(chosen)), dtype=small,
                       count=int(lengths.sum()))
    voters = np.repeat(np.arange(len(chosen), dtype=np.intp), lengths)
    by_project = voters[np.argsort(flat, kind="stable")]
    ends = np.cumsum(np.bincount(flat, minlength=len(index)))
    return np.split(by_project, ends[:-1])


class Arrays:
    """The supporters of each project as numpy index arrays (built once per Prepared)."""

    def __init__(self, prepared):
        self.supporters = [np.asarray(s, dtype=np.intp) for s in prepared.supporters]
        # per-class tables, reused from run to run (add1 makes dozens of runs)
        self.fv = np.zeros(256)
        self.size = np.zeros(256, dtype=np.int64)
        self.paid = np.zeros((256, 16))
        self.used = (0, 0)  # classes and rounds the last run wrote to


class _Run:
    def __init__(self, prepared, arrays, per_voter):
        per_voter = Fraction(per_voter)
        self.scale = per_voter.denominator
        self.per_voter = per_voter.numerator  # in units of 1 / scale
        self.per_voter_float = float(per_voter)
        self.costs = prepared.costs
        self.supporters = arrays.supporters
        self.bid = np.ones(prepared.voters, dtype=np.intp)
        self.arrays = arrays
        classes, rounds = arrays.used
        self.fv, self.size, self.paid = arrays.fv, arrays.size, arrays.paid
        self.fv[:classes] = 0
        self.size[:classes] = 0
        self.paid[:classes, :rounds] = 0
        self.columns = self.paid.shape[1]
        self.fv[1] = self.per_voter_float
        self.size[1] = prepared.voters
        self.count = 2  # classes in use (ids 0 .. count - 1); BROKE is 0
        self.shares = []  # the equal share of each round so far, in units of 1 / scale
        self.error = ULP * self.per_voter_float
        self.gathered = {}  # project -> bid[supporters], for the winner of the round

    # -- exact budgets -------------------------------------------------------------------------

    def exact_sum(self, classes, counts):
        """Exact sum of the budgets of ``counts[i]`` voters of class ``classes[i]``."""
        total = int(counts.sum()) * self.per_voter
        rounds = len(self.shares)
        if rounds and len(classes):
            # times[r]: how many of these voters paid the share of round r (exact: < 2**53)
            times = counts.astype(np.float64) @ self.paid[classes, :rounds]
            total -= sum(map(mul, self.shares, map(int, times.tolist())))
        return total

    def exact_value(self, b):
        return self.per_voter - sum(compress(self.shares, self.paid[b, : len(self.shares)].tolist()))

    # -- one project ---------------------------------------------------------------------------

    def evaluate(self, j, beaten=None):
        """None if unaffordable, else (rest, count, (pay-all classes, counts), (sharing, counts)).

        The share is rest / count (units of 1 / scale). Classes whose budget is exactly the
        share are with those who pay all they have (they are left with nothing either way).

        ``beaten``: the best ratio so far (numerator, denominator, float), or None. If the float
        walk puts this project's ratio clearly above it, the exact work is skipped when a lower
        bound of the ratio above ``beaten`` can be proven: the answer is then that bound, a float.
        """
        sup = self.supporters[j]
        gathered = self.bid[sup]
        self.gathered[j] = gathered
        h = np.bincount(gathered, minlength=self.count)
        cost = self.costs[j]
        scale = self.scale
        # what the supporters hold (BROKE holds 0.0), with a bound of every error
        total = float(h @ self.fv[: self.count])
        n = len(sup)
        error = (n * self.error * 1.01
                 + (self.count + 2) * 2 * ULP * (abs(total) + 2 * n * self.error))
        if total + error < cost:
            return None
        affordable = total - error >= cost
        h[BROKE] = 0
        classes = h.astype(bool).nonzero()[0]
        if not len(classes):
            return None
        values = self.fv[classes]
        order = values.argsort()
        classes = classes[order]
        values = values[order]
        counts = h[classes]
        if not affordable and self.exact_sum(classes, counts) < cost * scale:
            return None
        held = values * counts
        cumulative = np.cumsum(held)
        m = len(classes)
        # from each position on: how many, and what is left to pay by them
        above = np.cumsum(counts[::-1])[::-1]
        walk = (cost - (cumulative - held)) - values * above
        stop = walk <= 0
        k = int(stop.argmax()) if stop[-1] else m - 1
        if beaten is not None and affordable:
            count = float(above[k])
            estimate = (cost - (float(cumulative[k]) - float(held[k]))) / count / cost
            if estimate > beaten[2] * (1 + 2.0**-20):
                # The share is above level as soon as the supporters hold less than the cost
                # when each pays at most level (the sum grows with level): prove it for a level
                # just below the float estimate, with every rounding counted against us.
                level = estimate * cost * (1 - 2.0**-30)
                paying = float(counts @ np.minimum(values, level))
                paying += (n * self.error * 1.01
                           + (m + 2) * ULP * (abs(paying) + n * self.error) * 2)
                lower = level / cost * (1 - ULP)
                if paying < cost:
                    ln, ld = lower.as_integer_ratio()
                    if ln * beaten[1] > beaten[0] * ld:
                        return lower
        rest = cost * scale - (self.exact_sum(classes[:k], counts[:k]) if k else 0)
        count = int(above[k])
        if rest <= 0:
            return self.evaluate_exactly(j, classes, counts)
        share = rest / (count * scale)  # correctly rounded
        low = share * (1 - 4 * ULP) - 2 * self.error
        high = share * (1 + 4 * ULP) + 2 * self.error
        a = int(np.searchsorted(values, low, "left"))
        b = int(np.searchsorted(values, high, "right"))
        if not a <= k <= b:
            return self.evaluate_exactly(j, classes, counts)
        # below a: exactly less than the share; from b on: exactly more; in between: look
        equal = []
        for p in range(a, b):
            value = self.exact_value(int(classes[p])) * count
            if p < k:
                if value > rest:
                    return self.evaluate_exactly(j, classes, counts)
            elif value < rest:
                return self.evaluate_exactly(j, classes, counts)
            elif value == rest:
                equal.append(p)
        if equal:  # left with nothing either way: with those who pay all they have
            poor = np.zeros(m, dtype=bool)
            poor[:k] = True
            poor[equal] = True
            rich = ~poor
            return rest, count, (classes[poor], counts[poor]), (classes[rich], counts[rich])
        return rest, count, (classes[:k], counts[:k]), (classes[k:], counts[k:])

    def evaluate_exactly(self, j, classes, counts):
        """The slow path: exact budgets for every class, exact walk."""
        values = [self.exact_value(b) for b in classes.tolist()]
        order = sorted(range(len(values)), key=values.__getitem__)
        rest = self.costs[j] * self.scale
        count = int(counts.sum())
        for p in order:
            value = values[p]
            c = int(counts[p])
            if rest <= value * count:
                break
            rest -= value * c
            count -= c
        else:
            return None
        share_rest, share_count = rest, count
        poor = [p for p in order if values[p] * share_count <= share_rest]
        rich = [p for p in order if values[p] * share_count > share_rest]
        poor = np.array(poor, dtype=np.intp)
        rich = np.array(rich, dtype=np.intp)
        return (share_rest, share_count, (classes[poor], counts[poor]),
                (classes[rich], counts[rich]))

    # -- paying --------------------------------------------------------------------------------

    def _grow(self, classes, columns):
        capacity = len(self.fv)
        if classes > capacity or columns > self.columns:
            new_capacity = max(capacity, 1)
            while new_capacity < classes:
                new_capacity *= 2
            new_columns = self.columns
            while new_columns < columns:
                new_columns *= 2
            fv = np.zeros(new_capacity)
            fv[:capacity] = self.fv
            size = np.zeros(new_capacity, dtype=np.int64)
            size[:capacity] = self.size
            paid = np.zeros((new_capacity, new_columns))
            paid[:capacity, : self.columns] = self.paid
            self.fv, self.size, self.paid, self.columns = fv, size, paid, new_columns
            self.arrays.fv, self.arrays.size, self.arrays.paid = fv, size, paid
        self.arrays.used = (classes, columns)

    def pay(self, j, rest, count, poor, rich):
        """Charge project j's supporters; returns (share, payers) with share exact (1/scale)."""
        factor = count // gcd(rest, count)
        if factor > 1:
            self.scale *= factor
            self.per_voter *= factor
            self.shares = [s * factor for s in self.shares]
            rest *= factor
        unit = rest // count
        r = len(self.shares)
        self.shares.append(unit)
        share = unit / self.scale
        poor_classes, poor_counts = poor
        rich_classes, rich_counts = rich
        payers = int(poor_counts.sum()) + int(rich_counts.sum())
        whole = rich_counts == self.size[rich_classes]
        split = ~whole
        split_classes = rich_classes[split]
        new = len(split_classes)
        self._grow(self.count + new, r + 1)
        remap = np.arange(self.count, dtype=np.intp)
        fv, size, paid = self.fv, self.size, self.paid
        # the poorer supporters pay all they have: to BROKE
        remap[poor_classes] = BROKE
        size[poor_classes] -= poor_counts
        size[BROKE] += int(poor_counts.sum())
        # the others pay the share
        kept = rich_classes[whole]
        fv[kept] -= share
        paid[kept, r] = 1
        if new:
            ids = np.arange(self.count, self.count + new, dtype=np.intp)
            moving = rich_counts[split]
            fv[ids] = fv[split_classes] - share
            paid[ids] = paid[split_classes]
            paid[ids, r] = 1
            size[ids] = moving
            size[split_classes] -= moving
            remap[split_classes] = ids
            self.count += new
        sup = self.supporters[j]
        gathered = self.gathered.get(j)
        self.bid[sup] = remap[self.bid[sup] if gathered is None else gathered]
        self.error += 3 * ULP * self.per_voter_float
        return Fraction(unit, self.scale), payers


def run_approval(prepared, arrays, per_voter):
    """One run of equal shares on approval ballots: [(index, share, most paid, payers)].

    Ratios are kept as exact pairs (numerator, denominator) of integers, compared by cross
    multiplication; ``rounded`` holds them as correctly rounded floats, which keeps their order
    (ties aside), so the candidates are sorted by float and the exact pair decides.
    """
    run = _Run(prepared, arrays, per_voter)
    costs = prepared.costs
    tie = prepared.tie
    approvals = prepared.approvals
    chosen = []
    # First round: every voter holds per_voter, a project's ratio is 1 / approvals.
    constraints = prepared.constraints()
    remaining = set()
    bound = {}
    rounded = {}
    for j in prepared.candidates:
        a = approvals[j]
        if a * run.per_voter >= costs[j] * run.scale:
            remaining.add(j)
            bound[j] = (1, a)
            rounded[j] = 1 / a
    drop_blocked(constraints, remaining, costs)
    if not remaining:
        return chosen
    j = min(remaining, key=lambda j: (-approvals[j], tie[j]))
    remaining.discard(j)
    rest, count = costs[j] * run.scale, approvals[j]
    everyone = (np.array([1], dtype=np.intp), np.array([count], dtype=np.int64))
    nobody = (np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.int64))
    if run.per_voter * count == rest:
        found = (rest, count, everyone, nobody)
    else:
        found = (rest, count, nobody, everyone)
    while True:
        share, payers = run.pay(j, *found)
        chosen.append((j, share, share, payers))
        drop_blocked(constraints, remaining, costs, j)
        run.gathered.clear()
        best = None
        for j in sorted(remaining, key=lambda j: (rounded[j], tie[j])):
            if best is not None:
                # rounding keeps the order: a larger float is a larger ratio, and so is every
                # one after it; an equal float is compared exactly
                if rounded[j] > best_rounded:
                    break
                bn, bd = bound[j]
                if bn * best_d > best_n * bd:
                    continue
            found = run.evaluate(j, None if best is None else (best_n, best_d, best_rounded))
            if found is None:
                remaining.discard(j)
                continue
            if isinstance(found, float):  # a proven lower bound, above the best so far
                bound[j] = found.as_integer_ratio()
                rounded[j] = found
                continue
            kn, kd = found[0], found[1] * costs[j] * run.scale
            bound[j] = (kn, kd)
            rounded[j] = kn / kd
            if best is not None:
                if kn * best_d > best_n * kd:
                    continue
                if kn * best_d == best_n * kd and tie[j] > tie[best[0]]:
                    continue
            best = (j, found)
            best_n, best_d, best_rounded = kn, kd, rounded[j]
        if best is None:
            return chosen
        j, found = best
        remaining.discard(j)
