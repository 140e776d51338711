"""Reads of the voting pages. Each runs a fixed number of queries, whatever the data size."""

import secrets
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery, Sum, prefetch_related_objects
from django.utils import timezone

from convocatorias.models import CallTerritory
from propuestas.models import Proposal
from propuestas.rules import has_confirmed_email

from . import alternatives, services
from .models import Ballot, BallotBox, BallotChoice

#: How long a ballot sheet (and its rendered rows, see `ballot.html`) stays in the cache. Edits
#: never wait for it: they give the box a new version (`retire_boxes`), and nothing is read under
#: an old version again. It only bounds the memory kept for boxes nobody opens.
SHEET_SECONDS = 10 * 60


def _version_key(box_id):
    return f"votaciones:ballot-version:{box_id}"


def _sheet_key(box_id, version):
    return f"votaciones:ballot-sheet:{box_id}:{version}"


@dataclass
class BallotSheet:
    """What every voter of a box sees alike: the box (with its call, the call's phases, its
    territory and `ceiling`, the territory's budget ceiling in the call) and the projects on
    its ballot with their theme and pictures (`card_images`). `version` names this state of
    the box: the cache keys of the sheet and of its rendered rows carry it. Shared through the
    cache: read it, never change it."""

    box: BallotBox
    proposals: list = field(default_factory=list)
    version: str = ""
    #: [(name, (proposal ids…))]: projects of the ballot that are alternatives to each other.
    alternative_groups: list = field(default_factory=list)


def box_version(box_id):
    """The current version of a box's sheet: a random token in the cache, replaced by
    `retire_boxes` whenever something the ballot shows is edited."""
    key = _version_key(box_id)
    version = cache.get(key)
    if version is None:
        cache.add(key, secrets.token_hex(8), None)
        version = cache.get(key)
    return version


def ballot_sheet(box_id):
    """The `BallotSheet` of a box of a published call, or None. From the cache under the box's
    current version; built with a few queries (box, phases, theme caps, projects with their
    pictures, groups of alternatives) when the version changed. The voting window is still computed from the phases on each request."""
    try:
        box_id = int(box_id)
    except (TypeError, ValueError):
        return None
    version = box_version(box_id)
    key = _sheet_key(box_id, version)
    sheet = cache.get(key)
    if sheet is None:
        box = _read_box(box_id)
        if box is None:
            return None
        proposals = ballot_proposals(box)
        sheet = BallotSheet(
            box=box, proposals=proposals, version=version, alternative_groups=alternatives.box_groups(box, proposals)
        )
        cache.set(key, sheet, SHEET_SECONDS)
    return sheet


def box_for_page(box_id):
    """A ballot box of a published call, with its call, phases, territory and `ceiling` (see
    `BallotSheet`), or None. Shared through the cache: read it, never change it."""
    sheet = ballot_sheet(box_id)
    return sheet.box if sheet is not None else None


def _read_box(box_id):
    ceiling = CallTerritory.objects.filter(call_id=OuterRef("call_id"), territory_id=OuterRef("territory_id"))
    return (
        BallotBox.objects.select_related("call", "territory")
        .prefetch_related("call__phases", "call__theme_caps")
        .annotate(ceiling=Subquery(ceiling.values("budget_ceiling")[:1]))
        .filter(pk=box_id, call__live=True)
        .first()
    )


def retire_boxes(*, box_ids=(), call_ids=(), territory_ids=()):
    """Give new versions to the boxes of `box_ids`, of the calls `call_ids` and of the
    territories `territory_ids`: their next page, on every process, reads the database again.
    Done now and again after the commit, so that a page read between the two (which saw the
    data before the edit) is never served under the new version."""
    ids = set(box_ids)
    boxes = Q(pk__in=[])
    if call_ids:
        boxes |= Q(call_id__in=list(call_ids))
    if territory_ids:
        boxes |= Q(territory_id__in=list(territory_ids))
    if call_ids or territory_ids:
        ids.update(BallotBox.objects.filter(boxes).values_list("pk", flat=True))
    if not ids:
        return
    keys = [_version_key(pk) for pk in ids]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def ballot_proposals(box):
    """The projects on the box's ballot, each with `card_images` (the first one is its picture)."""
    return list(services.box_proposals(box).prefetch_related(Prefetch("images", to_attr="card_images")))


@dataclass
class VoterState:
    """What decides what a signed-in person may do in a box: whether their email is confirmed,
    their ballot there (`own`, with its choices) and, when the call has people vote in one
    territory only, their ballot in another territory of the call (in `ballots` too)."""

    confirmed: bool
    ballots: list
    own: Ballot | None = None


def voter_state(box, user):
    """The `VoterState` of `user` in `box` (a box of `ballot_sheet`): two queries, a third for
    the choices of their ballot there when they have one."""
    confirmed = has_confirmed_email(user)
    return VoterState(confirmed=confirmed, **_voter_ballots(box, user))


def _voter_ballots(box, user):
    mine = Q(box_id=box.pk)
    if not box.call.vote_in_several_territories:
        mine |= Q(exclusive_call_id=box.call_id)
    ballots = list(Ballot.objects.filter(mine, voter=user))
    own = next((ballot for ballot in ballots if ballot.box_id == box.pk), None)
    if own is not None:
        prefetch_related_objects([own], "choices")
    return {"ballots": ballots, "own": own}


def voter_ballots(box, user):
    """The person's ballots that decide what they may do in `box` (see `VoterState`), for
    `services.eligibility_problem(..., ballots=)` and `services.cast_online_ballot(..., ballots=)`."""
    if not user or not user.is_authenticated:
        return []
    return _voter_ballots(box, user)["ballots"]


def running_counts(box):
    """{proposal id: {"votes": ballots choosing it, "points": points given}} — only show them when
    `services.counts_visible(call)`."""
    rows = (
        BallotChoice.objects.filter(ballot__box=box)
        .values("proposal_id")
        .annotate(votes=Count("id"), points=Sum("points"))
        .order_by()
    )
    return {row["proposal_id"]: {"votes": row["votes"], "points": row["points"]} for row in rows}


def call_boxes(call, user, now=None):
    """The boxes of a call, each with the person's state: voted, may vote, or why not (one box
    per territory: a few queries per territory, as `services.ensure_boxes` creates them on first use).

    Returns a list of dicts: box, budget, count (of projects), state ("voted" | "open" |
    "not_eligible" | "closed" | "anonymous"), reason, ballot.
    """
    now = now or timezone.now()
    boxes = services.ensure_boxes(call)
    ceilings = {item.territory_id: item.budget_ceiling for item in call.territories.all()}
    counts = dict(
        Proposal.objects.filter(services.on_ballot(call), call_id=call.pk)
        .values_list("territory_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    is_open = services.voting_open(call, now)
    signed_in = bool(user and user.is_authenticated)
    ballots = {}
    if signed_in:
        ballots = {ballot.box_id: ballot for ballot in Ballot.objects.filter(voter=user, box__call=call)}
    items = []
    for box in boxes:
        box.call = call
        ballot = ballots.get(box.pk)
        reason = None
        if ballot:
            state = "voted"
        elif not is_open:
            state = "closed"
        elif not signed_in:
            state = "anonymous"
        else:
            reason = services.eligibility_problem(box=box, user=user, now=now)
            state = "not_eligible" if reason else "open"
        items.append(
            {
                "box": box,
                "budget": ceilings.get(box.territory_id),
                "count": counts.get(box.territory_id, 0),
                "state": state,
                "reason": reason,
                "ballot": ballot,
            }
        )
    return items


def my_ballots(user, now=None):
    """A person's own ballots for "Mi participación": call, territory, receipt, choices, and
    whether the vote is still open (so they may change it). Four queries, whatever the count."""
    now = now or timezone.now()
    ballots = list(services.ballots_of(user).prefetch_related("box__call__phases"))
    for ballot in ballots:
        ballot.may_change = services.voting_open(ballot.box.call, now)
        ballot.choice_list = sorted(ballot.choices.all(), key=lambda c: (c.proposal.reference or "", c.proposal_id))
    return {"my_ballots": ballots}
