"""The engine against pabutools (the research reference) and a slow exact reference.

Same rule definitions on both sides: greedy by approvals and equal shares with cost utilities
(approval) or the points (cumulative), ties broken as RESULTS.md says (pabutools gets the same
tie-breaking rule), add1 as RESULTS.md defines it.
"""

import dataclasses
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from votaciones.results import Ballot, Election, Project, compute, read_pabulib

from .results_reference import (
    REFERENCE, draw_small_election, pabutools_add1, pabutools_equal_shares, pabutools_greedy,
)

pytest.importorskip("pabutools")

PABULIB = Path(__file__).resolve().parents[3] / "shared" / "pabulib"
FILES = sorted(PABULIB.glob("*.pb"))
SMALL_FILES = ["Netherlands_Assen_2024.pb", "Switzerland_Zurich_SN.pb"]


@pytest.fixture(scope="module", params=[f.name for f in FILES] or ["none"])
def shared_election(request):
    if request.param == "none":
        pytest.skip("shared pabulib files not available")
    return read_pabulib(PABULIB / request.param)


def test_greedy_and_equal_shares_match_pabutools_on_every_shared_file(shared_election):
    # pabutools has no caps per category (Amsterdam's budget_per_neighborhood): compare without
    shared_election = dataclasses.replace(shared_election, category_caps={})
    assert compute(shared_election, "greedy").selected == pabutools_greedy(shared_election)
    assert compute(shared_election, "equalshares").selected == pabutools_equal_shares(
        shared_election
    )


@pytest.mark.parametrize("name", SMALL_FILES)
def test_add1_matches_pabutools_on_small_shared_files(name):
    if not (PABULIB / name).exists():
        pytest.skip("shared pabulib files not available")
    election = read_pabulib(PABULIB / name)
    assert compute(election, "equalshares/add1").selected == pabutools_add1(election)


def test_pabutools_own_completion_stops_at_the_first_exhaustive_outcome_zurich():
    """Where the two differ by definition. pabutools' iterated MES (``voter_budget_increment=1``)
    starts at budget / voters and stops at the first outcome that is *exhaustive* (no unselected
    project fits in what is left). RESULTS.md's add1 starts at floor(budget / voters) and goes on
    while the outcome fits the budget: a later outcome may swap projects and still fit. On Zürich
    the start makes no difference (both sequences give the same outcomes here), the stop does:
    pabutools keeps the exhaustive outcome at 398 1/3 per voter (project 15 last), add1 goes on
    to 418 (project 11 last). Replaying pabutools' stop on this engine's runs gives its winners."""
    from pabutools.election import Cost_Sat
    from pabutools.rules import method_of_equal_shares

    from votaciones.results.equal_shares import Prepared, run_fixed

    from .results_reference import _tie_breaking, to_pabutools

    if not (PABULIB / "Switzerland_Zurich_SN.pb").exists():
        pytest.skip("shared pabulib files not available")
    election = read_pabulib(PABULIB / "Switzerland_Zurich_SN.pb")
    instance, profile = to_pabutools(election)
    theirs = [p.name for p in method_of_equal_shares(
        instance, profile, sat_class=Cost_Sat, voter_budget_increment=1,
        tie_breaking=_tie_breaking(election, False))]
    ours = compute(election, "equalshares/add1")
    assert ours.selected != theirs and ours.per_voter == 418

    prepared = Prepared(election)

    def winners(chosen):
        return [prepared.ids[c[0]] for c in chosen]

    def cost(chosen):
        return sum(prepared.costs[c[0]] for c in chosen)

    def exhaustive(chosen):
        left = election.budget - cost(chosen)
        taken = {c[0] for c in chosen}
        return all(prepared.costs[j] > left for j in prepared.candidates if j not in taken)

    per_voter = Fraction(election.budget, len(election.ballots))
    chosen = run_fixed(prepared, per_voter)
    while not exhaustive(chosen):
        following = run_fixed(prepared, per_voter + 1)
        if cost(following) > election.budget:
            break
        per_voter, chosen = per_voter + 1, following
    assert winners(chosen) == theirs and per_voter == Fraction(1195, 3)
    # ...and the runs after it still fit the budget, which is why add1 does not stop there
    assert cost(run_fixed(prepared, per_voter + 1)) <= election.budget


@st.composite
def elections(draw):
    ids, costs, budget, points, ballots = draw_small_election(draw)
    return Election.build(
        [Project(pid, cost) for pid, cost in zip(ids, costs)],
        budget,
        ballots,
        vote_type="cumulative" if points else "approval",
        min_project_score_threshold=draw(st.integers(0, 3)),
    )


SETTINGS = settings(
    max_examples=1000, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


@SETTINGS
@given(elections())
def test_every_rule_matches_the_slow_exact_reference(election):
    for rule, reference in REFERENCE.items():
        outcome = compute(election, rule)
        assert outcome.selected == reference(election), rule
        assert outcome.cost <= election.budget


@SETTINGS
@given(elections())
def test_greedy_and_equal_shares_match_pabutools(election):
    if not election.has_points:
        assert compute(election, "greedy").selected == pabutools_greedy(election)
    assert compute(election, "equalshares").selected == pabutools_equal_shares(election)
    assert compute(election, "equalshares/add1").selected == pabutools_add1(election)


def test_fractional_points_are_exact():
    election = Election.build(
        [Project("1", 3), Project("2", 3)], 6,
        [Ballot(("1", "2"), (Fraction(1, 3), Fraction(2, 3))), Ballot(("2",), (Fraction(1, 2),))],
        vote_type="cumulative",
    )
    assert compute(election, "equalshares").selected == pabutools_equal_shares(election)
