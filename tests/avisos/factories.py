"""Factories of the notifications: follows and notifications of an event."""

from avisos.models import Event, Follow, Kind, Notification


def follow_call(user, call, **kinds):
    return Follow.objects.create(user=user, call=call, **kinds)


def follow_territory(user, territory, **kinds):
    return Follow.objects.create(user=user, territory=territory, **kinds)


_counter = {"n": 0}


def make_event(*, kind=Kind.PHASE_OPENED, call=None, subject="Empezó la fase", body="Texto del aviso", url="/"):
    _counter["n"] += 1
    return Event.objects.create(key=f"test:{_counter['n']}", kind=kind, call=call, subject=subject, body=body, url=url)


def give_notifications(user, count, **event_fields):
    return [Notification.objects.create(user=user, event=make_event(**event_fields)) for _ in range(count)]
