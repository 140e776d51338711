"""The numpy path of equal shares (approval) against the pure-Python exact one.

``fast_shares.run_approval`` searches with floats and decides with exact integers; it must give
exactly what ``equal_shares._run_approval`` (exact integer arithmetic throughout) gives: the
same projects in the same order, the same exact shares and the same numbers of payers. The
elections here are built so that floats cannot tell the candidates apart: costs and budgets
around 10**17 that differ by one unit, ratios that differ by 1 in 10**18, budgets exactly equal
to the share, supporters holding exactly the cost.
"""

import random
from collections import Counter
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from votaciones.results import Ballot, Election, Project, compute, equal_shares, fast_shares

from .results_reference import reference_equal_shares

BIG = 10**17


def build(costs, groups, budget):
    """Projects "1".."n" with ``costs``; ``groups`` is [(voters, projects approved)]."""
    ballots = []
    for size, approved in groups:
        ballots += [Ballot(tuple(str(p) for p in approved))] * size
    projects = [Project(str(i), c) for i, c in enumerate(costs, 1)]
    return Election.build(projects, budget, ballots)


def both(election, per_voter):
    prepared = equal_shares.Prepared(election)
    exact = equal_shares._run_approval(prepared, per_voter)
    fast = fast_shares.run_approval(prepared, prepared.arrays, per_voter)
    return exact, fast


def names(election, chosen):
    ids = list(election.projects)
    return [ids[c[0]] for c in chosen]


@pytest.fixture
def paths(monkeypatch):
    """Counts how often the run leaves the float path for exact work."""
    seen = Counter()
    run = fast_shares._Run

    def counting(name, method):
        def wrapper(self, *args):
            seen[name] += 1
            return method(self, *args)
        return wrapper

    monkeypatch.setattr(run, "evaluate_exactly", counting("exactly", run.evaluate_exactly))
    monkeypatch.setattr(run, "exact_value", counting("value", run.exact_value))
    monkeypatch.setattr(run, "exact_sum", counting("sum", run.exact_sum))
    return seen


def near_tie(delta):
    """Project 1 first (5 approvals); then 2 and 3 with ratios 1 - 2e16/c2 and 1 - 3e16/c3.

    c3 = (3 * c2 + delta) / 2: the ratios differ by about 1 in 10**18, floats see a tie, and a
    tie would go to the cheaper project 2. Exactly, 3 goes first when delta < 0.
    """
    c2 = 6 * 10**16 + (1 if delta else 0)
    c3 = (3 * c2 + delta) // 2
    return build(
        [45 * 10**16, c2, c3],
        [(2, [1, 2]), (3, [1, 3]), (1, [2]), (1, [3])],
        7 * BIG,
    )


@pytest.mark.parametrize("delta, order", [(-1, ["1", "3", "2"]), (0, ["1", "2", "3"]),
                                          (1, ["1", "2", "3"])])
def test_ratios_one_in_10_18_apart_are_compared_exactly(delta, order):
    election = near_tie(delta)
    exact, fast = both(election, BIG)
    assert fast == exact
    assert names(election, fast) == order
    assert compute(election, "equalshares").selected == order
    assert reference_equal_shares(election, BIG) == order
    # floats cannot see the difference
    ratios = [float(Fraction(c[1]) / election.projects[n].cost)
              for c, n in zip(fast[1:], order[1:])]
    assert ratios[0] == pytest.approx(ratios[1], rel=1e-15)


def test_a_budget_equal_to_the_share_is_spent_to_the_last_unit(paths):
    # Project 1 leaves the two voters of group 1 with 10**16 each; project 2 costs exactly
    # four times that and has four supporters, so they pay all they have; project 3 then
    # counts one payer only.
    election = build(
        [45 * 10**16, 4 * 10**16, 2 * 10**16 + 1],
        [(2, [1, 2, 3]), (3, [1]), (2, [2]), (1, [3])],
        8 * BIG,
    )
    exact, fast = both(election, BIG)
    assert fast == exact
    assert names(election, fast) == ["1", "2", "3"]
    assert [c[3] for c in fast] == [5, 4, 1]
    assert [c[1] for c in fast] == [9 * 10**16, 10**16, 2 * 10**16 + 1]
    assert paths["value"] > 0  # the budgets next to the share were compared exactly


@pytest.mark.parametrize("extra, selected", [(0, ["1", "2"]), (1, ["1"])])
def test_supporters_holding_exactly_the_cost(paths, extra, selected):
    # After project 1 the two voters of project 2 hold 2 * 10**16 (plus nothing): project 2
    # costs that much (affordable) or one unit more (not), a difference floats do not see.
    election = build(
        [45 * 10**16, 2 * 10**16 + extra],
        [(2, [1, 2]), (3, [1])],
        5 * BIG,
    )
    exact, fast = both(election, BIG)
    assert fast == exact
    assert names(election, fast) == selected
    assert paths["sum"] > 0


@st.composite
def adversarial(draw):
    """Budgets and costs around a large base, one unit apart: ties and near-ties everywhere."""
    base = draw(st.sampled_from([1, 6, 10**6, 10**17, 3**40]))
    n_projects = draw(st.integers(2, 6))
    costs = [base * draw(st.integers(1, 6)) + draw(st.integers(-1, 1)) for _ in range(n_projects)]
    costs = [max(c, 1) for c in costs]
    groups = []
    for _ in range(draw(st.integers(1, 6))):
        approved = draw(st.lists(st.integers(1, n_projects), unique=True, max_size=n_projects))
        groups.append((draw(st.integers(1, 4)), sorted(approved)))
    voters = sum(size for size, _ in groups)
    budget = max(max(costs), voters * base * draw(st.integers(1, 4)) + draw(st.integers(-1, 1)))
    per_voter = Fraction(budget, voters) + draw(st.sampled_from([0, 1, Fraction(1, 3)]))
    return build(costs, groups, budget), per_voter


@settings(max_examples=1500, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(adversarial())
def test_adversarial_elections_give_the_exact_outcome(case):
    election, per_voter = case
    exact, fast = both(election, per_voter)
    assert fast == exact
    assert names(election, fast) == reference_equal_shares(election, per_voter)


def test_the_adversarial_elections_reach_every_exact_path(paths):
    """Guard for the test above: the exact fallbacks are really taken (seeded sample)."""
    rng = random.Random(4)
    for _ in range(3000):
        base = rng.choice([10**17, 3**40, 10**6])
        n = rng.randint(2, 6)
        costs = [max(1, base * rng.randint(1, 6) + rng.randint(-1, 1)) for _ in range(n)]
        groups = [(rng.randint(1, 4), sorted(rng.sample(range(1, n + 1), rng.randint(0, n))))
                  for _ in range(rng.randint(1, 6))]
        voters = sum(s for s, _ in groups)
        budget = max(max(costs), voters * base * rng.randint(1, 4) + rng.randint(-1, 1))
        election = build(costs, groups, budget)
        exact, fast = both(election, Fraction(budget, voters))
        assert fast == exact
    assert paths["exactly"] > 0 and paths["value"] > 0 and paths["sum"] > 0


def random_election(seed, voters, projects):
    rng = random.Random(seed)
    ids = [str(i) for i in range(1, projects + 1)]
    costs = [rng.randrange(20, 800) * 1000 for _ in ids]
    weights = [rng.paretovariate(1.2) for _ in ids]
    ballots = [Ballot(tuple(sorted(set(rng.choices(ids, weights=weights, k=rng.randint(1, 6))),
                                   key=int)))
               for _ in range(voters)]
    return Election.build([Project(i, c) for i, c in zip(ids, costs)], sum(costs) // 4, ballots)


@pytest.mark.parametrize("seed", range(4))
def test_large_random_elections_over_the_add1_sequence(seed):
    election = random_election(seed, 3000, 40)
    prepared = equal_shares.Prepared(election)
    start = election.budget // len(election.ballots)
    for per_voter in (start, start + 7, start + 40, Fraction(election.budget, 3000) + 1):
        exact = equal_shares._run_approval(prepared, per_voter)
        assert fast_shares.run_approval(prepared, prepared.arrays, per_voter) == exact


def test_supporters_built_with_numpy_are_those_of_the_python_loop():
    # Large approval elections (NUMPY_FROM_SUPPORTS supports or more) build the supporters of
    # each project with numpy; they must be the lists the pure-Python loop builds: ascending
    # voter indexes, a project nobody supports with an empty one, an empty ballot in nobody's.
    election = random_election(5, 2000, 30)
    election.projects["31"] = Project("31", 1000)  # nobody supports it
    election.ballots[7] = Ballot(())
    prepared = equal_shares.Prepared(election)
    assert prepared.supports < equal_shares.NUMPY_FROM_SUPPORTS  # built by the Python loop
    index = {pid: j for j, pid in enumerate(election.projects)}
    built = fast_shares.supporters([b.projects for b in election.ballots], index)
    assert [a.tolist() for a in built] == prepared.supporters
    assert built[index["31"]].tolist() == []
    assert all(7 not in a.tolist() for a in built)
