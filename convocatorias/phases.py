"""The phase registry of a call: which phases exist, in which order, and what each one enables.

Pure Python (no Django): later issues ask `may(schedule, action, now)` — "may this happen now?".
A schedule is any iterable of objects with `kind`, `starts_at` and `ends_at` attributes (the
call's phases). A phase is current when `starts_at <= now < ends_at`: the start instant belongs to
the phase, the end instant does not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Iterable, Protocol


class Phase(StrEnum):
    ANNOUNCED = "announced"
    INTAKE = "intake"
    REVIEW = "review"
    SUPPORTS = "supports"
    TECHNICAL_EVALUATION = "technical_evaluation"
    VOTING = "voting"
    RESULTS = "results"
    MONITORING = "monitoring"


class Action(StrEnum):
    SUBMIT_PROPOSAL = "submit_proposal"
    EDIT_PROPOSAL = "edit_proposal"
    COMMENT = "comment"
    REVIEW_PROPOSALS = "review_proposals"
    SUPPORT_PROPOSAL = "support_proposal"
    EVALUATE_PROPOSALS = "evaluate_proposals"
    VOTE = "vote"
    PUBLISH_RESULTS = "publish_results"
    POST_MONITORING_UPDATE = "post_monitoring_update"


#: Canonical order of the phases of a call; a call may leave any of them out.
PHASE_ORDER: tuple[Phase, ...] = tuple(Phase)

#: What each phase enables. Anything not listed is not allowed in that phase.
ENABLED_ACTIONS: dict[Phase, frozenset[Action]] = {
    Phase.ANNOUNCED: frozenset(),
    Phase.INTAKE: frozenset({Action.SUBMIT_PROPOSAL, Action.EDIT_PROPOSAL, Action.COMMENT}),
    Phase.REVIEW: frozenset({Action.REVIEW_PROPOSALS, Action.COMMENT}),
    Phase.SUPPORTS: frozenset({Action.SUPPORT_PROPOSAL, Action.COMMENT}),
    Phase.TECHNICAL_EVALUATION: frozenset({Action.EVALUATE_PROPOSALS}),
    Phase.VOTING: frozenset({Action.VOTE, Action.COMMENT}),
    Phase.RESULTS: frozenset({Action.PUBLISH_RESULTS}),
    Phase.MONITORING: frozenset({Action.POST_MONITORING_UPDATE}),
}


class ScheduledPhase(Protocol):
    kind: str
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class ScheduleError:
    """One problem found in a schedule; `index` points at the offending phase."""

    code: str
    index: int
    kind: str


class Status(StrEnum):
    """Where a call stands as a whole at a given instant."""

    UPCOMING = "upcoming"  # before its first phase
    ACTIVE = "active"  # inside one of its phases
    BETWEEN = "between"  # in a gap between two phases
    FINISHED = "finished"  # after its last phase
    UNSCHEDULED = "unscheduled"  # has no phases at all


def ordered(schedule: Iterable[ScheduledPhase]) -> list[ScheduledPhase]:
    """The phases sorted by start (then canonical order, for equal starts)."""
    return sorted(schedule, key=lambda p: (p.starts_at, PHASE_ORDER.index(Phase(p.kind))))


def current_phase(schedule: Iterable[ScheduledPhase], now: datetime) -> ScheduledPhase | None:
    """The phase running at `now`, or None (before, between or after the phases)."""
    for phase in ordered(schedule):
        if phase.starts_at <= now < phase.ends_at:
            return phase
    return None


def next_phase(schedule: Iterable[ScheduledPhase], now: datetime) -> ScheduledPhase | None:
    """The first phase that starts after `now`."""
    for phase in ordered(schedule):
        if phase.starts_at > now:
            return phase
    return None


def status(schedule: Iterable[ScheduledPhase], now: datetime) -> Status:
    phases = ordered(schedule)
    if not phases:
        return Status.UNSCHEDULED
    if now < phases[0].starts_at:
        return Status.UPCOMING
    if current_phase(phases, now) is not None:
        return Status.ACTIVE
    if now >= max(p.ends_at for p in phases):
        return Status.FINISHED
    return Status.BETWEEN


def split_by_status(calls, now: datetime) -> dict[str, list]:
    """Calls (objects with a `schedule`) split into "open" (not finished) and "finished", in order."""
    groups: dict[str, list] = {"open": [], "finished": []}
    for call in calls:
        groups["finished" if status(call.schedule, now) == Status.FINISHED else "open"].append(call)
    return groups


def enabled_actions(schedule: Iterable[ScheduledPhase], now: datetime) -> frozenset[Action]:
    phase = current_phase(schedule, now)
    if phase is None:
        return frozenset()
    return ENABLED_ACTIONS[Phase(phase.kind)]


def may(schedule: Iterable[ScheduledPhase], action: Action | str, now: datetime) -> bool:
    """May `action` happen at `now` according to the schedule?"""
    return Action(action) in enabled_actions(schedule, now)


def validate_schedule(schedule: Iterable[ScheduledPhase]) -> list[ScheduleError]:
    """Problems in a schedule as editors enter it, in the order given.

    Codes: ``ends_before_start``, ``duplicate`` (a kind used twice), ``out_of_order`` (a phase
    that starts before an earlier phase in the canonical order), ``overlap`` (a phase that starts
    before the previous one ends).
    """
    phases = list(schedule)
    errors: list[ScheduleError] = []
    seen: set[str] = set()
    for index, phase in enumerate(phases):
        if phase.ends_at <= phase.starts_at:
            errors.append(ScheduleError("ends_before_start", index, phase.kind))
        if phase.kind in seen:
            errors.append(ScheduleError("duplicate", index, phase.kind))
        seen.add(phase.kind)
    if errors:
        return errors
    by_order = sorted(enumerate(phases), key=lambda item: PHASE_ORDER.index(Phase(item[1].kind)))
    for (_, previous), (index, phase) in zip(by_order, by_order[1:]):
        if phase.starts_at < previous.starts_at:
            errors.append(ScheduleError("out_of_order", index, phase.kind))
        elif phase.starts_at < previous.ends_at:
            errors.append(ScheduleError("overlap", index, phase.kind))
    return errors
