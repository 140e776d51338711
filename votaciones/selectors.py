"""Reads of the voting pages. Each runs a fixed number of queries, whatever the data size."""

from django.db.models import Count, Prefetch, Sum
from django.utils import timezone

from propuestas.models import Proposal

from . import services
from .models import Ballot, BallotBox, BallotChoice


def box_for_page(box_id):
    """A ballot box of a published call (with its call and territory), or None."""
    return (
        BallotBox.objects.select_related("call", "territory")
        .prefetch_related("call__phases")
        .filter(pk=box_id, call__live=True)
        .first()
    )


def ballot_proposals(box):
    """The projects on the box's ballot, each with `card_images` (the first one is its picture)."""
    return list(services.box_proposals(box).prefetch_related(Prefetch("images", to_attr="card_images")))


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
        Proposal.objects.filter(call_id=call.pk, hidden=False, status__in=services.ballot_statuses(call))
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
