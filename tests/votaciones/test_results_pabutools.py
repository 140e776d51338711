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
