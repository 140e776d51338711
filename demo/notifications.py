"""Demo content of the notifications (avisos), called by `seed_demo`.

ciudadana@participa.test follows two calls and a Medellín comuna, and has a few notices in her
list (`demo/data/notifications.yaml`; their texts say they are demonstration data). Notices are
written directly, not through `notify_event`: the demo emails nobody.

Idempotent: follows are found by person and target, notices by their event key.
"""

from django.contrib.auth import get_user_model

from avisos.models import FOLLOW_KINDS, Event, Follow, Notification
from convocatorias.models import CallPage, Territory

from . import content

CITIZEN_EMAIL = "ciudadana@participa.test"

_data = content.load("notifications.yaml")


def _sync_follow(tally, person, kinds, **target):
    wanted = {str(kind): str(kind) in kinds for kind in FOLLOW_KINDS}
    follow, created = Follow.objects.get_or_create(user=person, **target, defaults=wanted)
    changed = False
    if not created:
        changed = any(getattr(follow, name) != value for name, value in wanted.items())
        if changed:
            for name, value in wanted.items():
                setattr(follow, name, value)
            follow.save()
    tally.record(created, changed)


def seed_notifications(tally):
    person = get_user_model().objects.filter(email=CITIZEN_EMAIL).first()
    if person is None:
        tally.notes.append("sin la cuenta de la ciudadana")
        return
    calls = {call.slug: call for call in CallPage.objects.filter(slug__in=[c["slug"] for c in _data["follows"]["calls"]])}
    for spec in _data["follows"]["calls"]:
        if spec["slug"] in calls:
            _sync_follow(tally, person, spec["kinds"], call=calls[spec["slug"]])
    for spec in _data["follows"]["territories"]:
        territory = Territory.objects.filter(municipality=spec["municipality"], code=spec["code"]).first()
        if territory is not None:
            _sync_follow(tally, person, spec["kinds"], territory=territory)
    for spec in _data["notices"]:
        call = calls.get(spec["call"]) or CallPage.objects.filter(slug=spec["call"]).first()
        fields = {
            "kind": spec["kind"],
            "call": call,
            "subject": spec["subject"],
            "body": spec["body"],
            "url": (call.url or "") if call else "",
        }
        event, created = Event.objects.get_or_create(key=spec["key"], defaults=fields)
        changed = False
        if not created:
            changed = any(getattr(event, name) != value for name, value in fields.items())
            if changed:
                for name, value in fields.items():
                    setattr(event, name, value)
                event.save()
        tally.record(created, changed)
        notice, made = Notification.objects.get_or_create(event=event, user=person)
        if made:
            if spec["read"]:
                notice.read_at = event.created_at
                notice.save(update_fields=["read_at"])
            Event.objects.filter(pk=event.pk).update(recipients_count=1)
