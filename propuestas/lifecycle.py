"""The proposal lifecycle: states and the transitions between them.

Pure Python (no Django). A transition has a name, the states it may start from, the state it
leads to and the role that may perform it; *when* it may happen (the call's phases) is asked of
`convocatorias.phases` by the services that perform it. Later issues (evaluation, voting,
monitoring) add their transitions with `register()`, so every change of state goes through
`check()` and is refused with a clear code otherwise.

    draft → submitted → admitted | rejected → shortlisted | not_viable → selected | not_selected
    → in_execution → completed; withdrawn from any state before selection; submitted | admitted
    → superseded (an idea shaped into a formulated project) and back.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class State(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    ADMITTED = "admitted"
    REJECTED = "rejected"
    SHORTLISTED = "shortlisted"
    NOT_VIABLE = "not_viable"
    SELECTED = "selected"
    NOT_SELECTED = "not_selected"
    IN_EXECUTION = "in_execution"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"
    # An idea shaped into a formulated project (merged, split or rewritten by staff, see
    # talleres): it stays public with its supports and comments but leaves the ballot path.
    SUPERSEDED = "superseded"


class Role(StrEnum):
    """Who performs a transition. The services map people to roles."""

    AUTHOR = "author"  # the author, or any member of the authoring group
    MODERATOR = "moderator"  # staff who review proposals
    EVALUATOR = "evaluator"  # coordinators of the technical evaluation (evaluation issue)
    SYSTEM = "system"  # the platform itself (results of a vote)


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[State]
    target: State
    role: Role
    reason_required: bool = False


class TransitionError(Exception):
    """A transition that may not happen; `code` says why (see `MESSAGES` in services)."""

    def __init__(self, code: str, transition: str = "", state: str = ""):
        super().__init__(f"{code}: {transition} from {state}")
        self.code = code
        self.transition = transition
        self.state = state


#: States in which a proposal is public (listed and open to supports/comments).
PUBLIC_STATES = frozenset(State) - {State.DRAFT, State.WITHDRAWN}

#: States before selection: a proposal can still be withdrawn from them.
BEFORE_SELECTION = frozenset(
    {
        State.DRAFT,
        State.SUBMITTED,
        State.ADMITTED,
        State.REJECTED,
        State.SHORTLISTED,
        State.NOT_VIABLE,
    }
)

#: States in which the author may still edit the proposal (the call's intake must be open too).
EDITABLE_STATES = frozenset({State.DRAFT, State.SUBMITTED})

#: States that may collect supports (the call's supports phase must be open too).
SUPPORTABLE_STATES = frozenset({State.ADMITTED})

TRANSITIONS: dict[str, Transition] = {}


def register(transition: Transition) -> Transition:
    """Add a transition to the lifecycle (later issues add theirs here)."""
    if transition.name in TRANSITIONS and TRANSITIONS[transition.name] != transition:
        raise ValueError(f"transition {transition.name!r} is already registered differently")
    TRANSITIONS[transition.name] = transition
    return transition


SUBMIT = register(Transition("submit", frozenset({State.DRAFT}), State.SUBMITTED, Role.AUTHOR))
ADMIT = register(Transition("admit", frozenset({State.SUBMITTED}), State.ADMITTED, Role.MODERATOR))
REJECT = register(
    Transition(
        "reject",
        frozenset({State.SUBMITTED}),
        State.REJECTED,
        Role.MODERATOR,
        reason_required=True,
    )
)
WITHDRAW = register(Transition("withdraw", BEFORE_SELECTION, State.WITHDRAWN, Role.AUTHOR))
# The evaluation issue performs these two, the voting issue the next two.
SHORTLIST = register(
    Transition("shortlist", frozenset({State.ADMITTED}), State.SHORTLISTED, Role.EVALUATOR)
)
DECLARE_NOT_VIABLE = register(
    Transition(
        "declare_not_viable",
        frozenset({State.ADMITTED, State.SHORTLISTED}),
        State.NOT_VIABLE,
        Role.EVALUATOR,
        reason_required=True,
    )
)
# The results of a vote (the platform performs them; a recount after paper ballots may revise them).
SELECT = register(
    Transition(
        "select",
        frozenset({State.SHORTLISTED, State.ADMITTED, State.NOT_SELECTED}),
        State.SELECTED,
        Role.SYSTEM,
    )
)
NOT_SELECT = register(
    Transition(
        "not_select",
        frozenset({State.SHORTLISTED, State.ADMITTED, State.SELECTED}),
        State.NOT_SELECTED,
        Role.SYSTEM,
    )
)
# Vote, then evaluate: the evaluation approves a prioritized winner into the bank.
APPROVE = register(
    Transition("approve", frozenset({State.SHORTLISTED}), State.SELECTED, Role.EVALUATOR)
)
# Vote, then evaluate: the vote's winners go on to technical evaluation.
PRIORITIZE = register(
    Transition(
        "prioritize", frozenset({State.ADMITTED, State.NOT_SELECTED}), State.SHORTLISTED, Role.SYSTEM
    )
)
START_EXECUTION = register(
    Transition("start_execution", frozenset({State.SELECTED}), State.IN_EXECUTION, Role.MODERATOR)
)
COMPLETE = register(
    Transition("complete", frozenset({State.IN_EXECUTION}), State.COMPLETED, Role.MODERATOR)
)


# Ideas from workshops shaped into ballot projects (talleres): the originals step aside, and
# staff may revert the step, which brings each original back to the state it had.
SUPERSEDE = register(
    Transition(
        "supersede", frozenset({State.SUBMITTED, State.ADMITTED}), State.SUPERSEDED, Role.MODERATOR
    )
)
REINSTATE_SUBMITTED = register(
    Transition("reinstate_submitted", frozenset({State.SUPERSEDED}), State.SUBMITTED, Role.MODERATOR)
)
REINSTATE_ADMITTED = register(
    Transition("reinstate_admitted", frozenset({State.SUPERSEDED}), State.ADMITTED, Role.MODERATOR)
)


def check(name: str, state: str, roles: set[Role] | frozenset[Role], reason: str = "") -> Transition:
    """Return the transition `name` if someone holding `roles` may take it from `state`.

    Raises `TransitionError` with code `unknown`, `forbidden`, `invalid_state` or `reason_required`.
    """
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise TransitionError("unknown", name, state)
    if transition.role not in roles:
        raise TransitionError("forbidden", name, state)
    if State(state) not in transition.sources:
        raise TransitionError("invalid_state", name, state)
    if transition.reason_required and not reason.strip():
        raise TransitionError("reason_required", name, state)
    return transition


def available(state: str, roles: set[Role] | frozenset[Role]) -> list[Transition]:
    """The transitions someone holding `roles` may take from `state` (for buttons and menus)."""
    return [
        transition
        for transition in TRANSITIONS.values()
        if transition.role in roles and State(state) in transition.sources
    ]
