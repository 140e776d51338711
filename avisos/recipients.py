"""Who hears of an event: the people who follow what it is about and want its kind.

Each function returns the active people as one query (ids in order), whatever the number of
followers: every source is a subquery. Voters are never a source: who voted stays secret.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q

from banco.models import ProjectFollow
from convocatorias.models import CallTerritory
from propuestas.models import GroupMembership, Proposal, Support

from .models import Follow, Kind

#: The permission that lets staff write to the participants of a call.
MESSAGE_PERMISSION = "avisos.send_staffmessage"


def may_message(user, call=None):
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(MESSAGE_PERMISSION))


def _people(sources):
    """The active people in any of `sources` (querysets of user ids), by id (one query)."""
    condition = Q()
    for source in sources:
        condition |= Q(pk__in=source)
    if not sources:
        return get_user_model().objects.none().values_list("pk", flat=True)
    return get_user_model().objects.filter(condition, is_active=True).order_by("pk").values_list("pk", flat=True)


def follower_ids(event):
    """The ids of the active people who should hear of `event` (a queryset)."""
    if event.kind == Kind.STAFF_MESSAGE:
        return staff_message_recipients(event.call_id)
    target = Q()
    if event.call_id:
        target |= Q(call_id=event.call_id)
    if event.territory_id:
        target |= Q(territory_id=event.territory_id)
    elif event.proposal_id:
        target |= Q(territory_id__in=Proposal.objects.filter(pk=event.proposal_id).values("territory_id"))
    elif event.call_id:
        target |= Q(territory_id__in=CallTerritory.objects.filter(call_id=event.call_id).values("territory_id"))
    sources = []
    if target:
        sources.append(Follow.objects.filter(target, **{event.kind: True}).values("user_id"))
    if event.kind == Kind.EXECUTION_UPDATE and event.proposal_id:
        sources.append(ProjectFollow.objects.filter(proposal_id=event.proposal_id).values("user_id"))
    return _people(sources)


def staff_message_recipients(call):
    """The participants of a call: its followers, the authors of its proposals (and their groups'
    members) and the people who supported them. Never the voters."""
    call_id = getattr(call, "pk", call)
    sent = Proposal.objects.filter(call_id=call_id).exclude(status="draft")
    return _people(
        [
            Follow.objects.filter(call_id=call_id).values("user_id"),
            sent.exclude(author=None).values("author_id"),
            GroupMembership.objects.filter(group__proposals__in=sent).values("user_id"),
            Support.objects.filter(proposal__call_id=call_id).values("user_id"),
        ]
    )


def recipients_for(event):
    return list(follower_ids(event))
