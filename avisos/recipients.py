"""Who hears of an event: the people who follow what it is about and want its kind.

Each function returns a sorted list of user ids with a fixed number of queries (one per source),
whatever the number of followers. Voters are never a source: who voted stays secret.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q

from banco.models import ProjectFollow
from convocatorias.models import CallTerritory
from propuestas.models import GroupMembership, Proposal, Support

from .models import Event, Follow, Kind

#: The permission that lets staff write to the participants of a call.
MESSAGE_PERMISSION = "avisos.send_staffmessage"


def may_message(user, call=None):
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(MESSAGE_PERMISSION))


def _active(ids):
    ids = set(ids)
    if not ids:
        return []
    active = get_user_model().objects.filter(pk__in=ids, is_active=True).values_list("pk", flat=True)
    return sorted(active)


def _territory_ids(event):
    if event.territory_id:
        return [event.territory_id]
    if event.proposal_id:
        territory = Proposal.objects.filter(pk=event.proposal_id).values_list("territory_id", flat=True).first()
        return [territory] if territory else []
    if event.call_id:
        return list(CallTerritory.objects.filter(call_id=event.call_id).values_list("territory_id", flat=True))
    return []


def follower_ids(event):
    """The ids of the active people who should hear of `event`."""
    if event.kind == Kind.STAFF_MESSAGE:
        return staff_message_recipients(event.call_id)
    target = Q()
    if event.call_id:
        target |= Q(call_id=event.call_id)
    territories = _territory_ids(event)
    if territories:
        target |= Q(territory_id__in=territories)
    ids = set()
    if target:
        ids.update(Follow.objects.filter(target, **{event.kind: True}).values_list("user_id", flat=True))
    if event.kind == Kind.EXECUTION_UPDATE and event.proposal_id:
        ids.update(ProjectFollow.objects.filter(proposal_id=event.proposal_id).values_list("user_id", flat=True))
    return _active(ids)


def staff_message_recipients(call):
    """The participants of a call: its followers, the authors of its proposals (and their groups'
    members) and the people who supported them. Never the voters."""
    call_id = getattr(call, "pk", call)
    ids = set(Follow.objects.filter(call_id=call_id).values_list("user_id", flat=True))
    sent = Proposal.objects.filter(call_id=call_id).exclude(status="draft")
    ids.update(sent.exclude(author=None).values_list("author_id", flat=True))
    ids.update(GroupMembership.objects.filter(group__proposals__in=sent).values_list("user_id", flat=True))
    ids.update(Support.objects.filter(proposal__call_id=call_id).values_list("user_id", flat=True))
    return _active(ids)


def recipients_for(event: Event):
    return follower_ids(event)
