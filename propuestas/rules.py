"""Who may do what with a proposal, and when: the questions views and services ask.

Each function answers for one person, one proposal (or call) and one instant; the phase part is
answered by the call's phase registry (`convocatorias.phases`), the state part by the lifecycle.
"""

from django.db.models import Q
from django.utils import timezone

from convocatorias.phases import Action, Phase
from convocatorias.residents import Task, has_confirmed_email  # noqa: F401  (re-exported: the apps above ask it here)

from .lifecycle import BEFORE_SELECTION, EDITABLE_STATES, SUPPORTABLE_STATES, Role, State

REVIEW_PERMISSION = "propuestas.review_proposal"

#: Phases in which moderators may admit or reject: from intake until the call moves on to
#: evaluation or voting (and in the gaps between those phases).
REVIEW_WINDOW = frozenset({Phase.INTAKE, Phase.REVIEW, Phase.SUPPORTS})


def is_moderator(user):
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(REVIEW_PERMISSION))


def is_author(user, proposal, member_group_ids=None):
    """The person who wrote it, or a member of the group it is written on behalf of."""
    if not user or not user.is_authenticated:
        return False
    if proposal.author_id == user.pk:
        return True
    if proposal.group_id is None:
        return False
    if member_group_ids is None:
        member_group_ids = set(user.group_memberships.values_list("group_id", flat=True))
    return proposal.group_id in member_group_ids


def roles_of(user, proposal):
    roles = set()
    if is_author(user, proposal):
        roles.add(Role.AUTHOR)
    if is_moderator(user):
        roles.add(Role.MODERATOR)
    return roles


def may_submit_to(call, now=None):
    """Is the call's intake phase open? (No call: a registry project, never submitted.)"""
    if call is None:
        return False
    return call.may(Action.SUBMIT_PROPOSAL, now or timezone.now())


def can_edit(user, proposal, now=None):
    """Authors edit while the proposal is a draft or just sent and the intake phase is open."""
    return (
        proposal.status in EDITABLE_STATES
        and is_author(user, proposal)
        and proposal.call_id is not None
        and proposal.call.may(Action.EDIT_PROPOSAL, now or timezone.now())
    )


def can_withdraw(user, proposal):
    return proposal.call_id is not None and proposal.status in BEFORE_SELECTION and proposal.status != State.DRAFT and is_author(user, proposal)


def can_delete_draft(user, proposal):
    return proposal.status == State.DRAFT and is_author(user, proposal)


def supports_open(proposal, now=None):
    return (
        proposal.status in SUPPORTABLE_STATES
        and not proposal.hidden
        and proposal.call_id is not None
        and proposal.call.may(Action.SUPPORT_PROPOSAL, now or timezone.now())
    )


def missing_to(user, proposal, task):
    """What `user` still lacks to support or comment on `proposal` under its call's requirements
    (`convocatorias.residents.Missing`), or None."""
    return proposal.call.missing_for(user, task, territory_id=proposal.territory_id)


def can_support(user, proposal, now=None):
    return supports_open(proposal, now) and missing_to(user, proposal, Task.SUPPORT) is None


def comments_open(proposal, now=None):
    # Registry projects (no call) take neither supports nor comments.
    return proposal.is_public and proposal.call_id is not None and proposal.call.may(Action.COMMENT, now or timezone.now())


def can_comment(user, proposal, now=None):
    return comments_open(proposal, now) and missing_to(user, proposal, Task.COMMENT) is None


def review_open(call, now=None):
    """Moderators admit or reject from intake until evaluation or voting begins."""
    now = now or timezone.now()
    current = call.current_phase(now)
    if current is not None:
        return current.kind in REVIEW_WINDOW
    upcoming = call.next_phase(now)
    # Between phases: open if the gap comes after intake started and before evaluation/voting.
    started = [phase for phase in call.schedule if phase.starts_at <= now]
    return bool(started) and upcoming is not None and upcoming.kind in REVIEW_WINDOW


def can_review(user, proposal, now=None):
    return (
        is_moderator(user)
        and proposal.status == State.SUBMITTED
        and proposal.call_id is not None
        and review_open(proposal.call, now)
    )


def can_view(user, proposal):
    """Drafts are seen only by their authors and moderators. Everything else can be opened by its
    address (hidden and withdrawn proposals with a notice), though only public ones are listed."""
    if proposal.status != State.DRAFT:
        return True
    return is_author(user, proposal) or is_moderator(user)


# --- Supports threshold --------------------------------------------------------------------------
#
# A call may ask for a number of supports to advance (`CallPage.supports_threshold`). Where it
# applies follows the call's order: before the technical evaluation when the call evaluates
# first (evaluacion.services: candidates, assign, decide, move_on), before the ballot when it
# votes first (votaciones.services.on_ballot).


def supports_threshold_q(call):
    """The proposals of `call` that reached its supports threshold (every one when it sets none)."""
    if call.supports_threshold:
        return Q(supports_count__gte=call.supports_threshold)
    return Q()


def reached_supports_threshold(proposal, call=None):
    call = call or proposal.call
    if call is None:
        return True
    return not call.supports_threshold or proposal.supports_count >= call.supports_threshold
