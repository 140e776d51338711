"""The phase registry: current phase at the boundaries, actions per phase, schedule checks."""

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pytest

from convocatorias import phases
from convocatorias.phases import Action, Phase, Status

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)
DAY = timedelta(days=1)


@dataclass
class P:
    kind: str
    starts_at: datetime
    ends_at: datetime


def schedule():
    # intake [T0, T0+10d), review [T0+10d, T0+15d), gap, voting [T0+20d, T0+25d)
    return [
        P("voting", T0 + 20 * DAY, T0 + 25 * DAY),
        P("intake", T0, T0 + 10 * DAY),
        P("review", T0 + 10 * DAY, T0 + 15 * DAY),
    ]


@pytest.mark.parametrize(
    "now, expected",
    [
        (T0 - timedelta(microseconds=1), None),
        (T0, "intake"),  # the start instant belongs to the phase
        (T0 + 10 * DAY - timedelta(microseconds=1), "intake"),
        (T0 + 10 * DAY, "review"),  # the end instant belongs to the next phase
        (T0 + 15 * DAY, None),  # in the gap
        (T0 + 20 * DAY, "voting"),
        (T0 + 25 * DAY, None),
    ],
)
def test_current_phase_at_boundaries(now, expected):
    current = phases.current_phase(schedule(), now)
    assert (current.kind if current else None) == expected


@pytest.mark.parametrize(
    "now, expected",
    [
        (T0 - DAY, Status.UPCOMING),
        (T0, Status.ACTIVE),
        (T0 + 16 * DAY, Status.BETWEEN),
        (T0 + 25 * DAY, Status.FINISHED),
    ],
)
def test_status(now, expected):
    assert phases.status(schedule(), now) == expected


def test_status_without_phases():
    assert phases.status([], T0) == Status.UNSCHEDULED
    assert phases.current_phase([], T0) is None
    assert not phases.may([], Action.SUBMIT_PROPOSAL, T0)


def test_next_phase():
    assert phases.next_phase(schedule(), T0 - DAY).kind == "intake"
    assert phases.next_phase(schedule(), T0).kind == "review"
    assert phases.next_phase(schedule(), T0 + 16 * DAY).kind == "voting"
    assert phases.next_phase(schedule(), T0 + 30 * DAY) is None


def test_every_phase_declares_its_actions():
    assert set(phases.ENABLED_ACTIONS) == set(Phase)
    assert phases.ENABLED_ACTIONS[Phase.ANNOUNCED] == frozenset()


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("phase", list(Phase))
def test_permission_matrix_every_action_in_every_phase(phase, action):
    one = [P(phase.value, T0, T0 + DAY)]
    expected = {
        Phase.INTAKE: {Action.SUBMIT_PROPOSAL, Action.EDIT_PROPOSAL, Action.COMMENT},
        Phase.REVIEW: {Action.REVIEW_PROPOSALS, Action.COMMENT},
        Phase.SUPPORTS: {Action.SUPPORT_PROPOSAL, Action.COMMENT},
        Phase.TECHNICAL_EVALUATION: {Action.EVALUATE_PROPOSALS},
        Phase.VOTING: {Action.VOTE, Action.COMMENT},
        Phase.RESULTS: {Action.PUBLISH_RESULTS},
        Phase.MONITORING: {Action.POST_MONITORING_UPDATE},
    }.get(phase, set())
    assert phases.may(one, action, T0) is (action in expected)
    # Outside the phase nothing is allowed.
    assert phases.may(one, action, T0 + DAY) is False
    assert phases.may(one, action, T0 - DAY) is False


def test_may_accepts_action_values():
    assert phases.may(schedule(), "submit_proposal", T0)
    with pytest.raises(ValueError):
        phases.may(schedule(), "launch_rocket", T0)


def test_validate_schedule_accepts_a_good_schedule_with_gaps_and_omissions():
    assert phases.validate_schedule(schedule()) == []


@pytest.mark.parametrize(
    "bad, code",
    [
        ([P("intake", T0, T0)], "ends_before_start"),
        ([P("intake", T0, T0 - DAY)], "ends_before_start"),
        ([P("intake", T0, T0 + DAY), P("intake", T0 + 2 * DAY, T0 + 3 * DAY)], "duplicate"),
        ([P("voting", T0, T0 + DAY), P("intake", T0 + 2 * DAY, T0 + 3 * DAY)], "out_of_order"),
        ([P("intake", T0, T0 + 5 * DAY), P("review", T0 + 4 * DAY, T0 + 6 * DAY)], "overlap"),
    ],
)
def test_validate_schedule_rejects(bad, code):
    errors = phases.validate_schedule(bad)
    assert [e.code for e in errors] == [code]


def test_registry_has_no_django_import():
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(phases))
    modules = {
        alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
    } | {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    assert not any(name.startswith("django") for name in modules)
