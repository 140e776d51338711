"""Delivery of notifications through the task queue (django-tasks; see settings.TASKS).

`fan_out(event_id)` finds the recipients of an event and queues one `deliver_batch` per
`AVISOS_BATCH_SIZE` people (500 by default): 10,000 followers are 20 tasks, each writing its
notifications in one insert and sending its emails over one connection, with a fixed number of
queries. A batch run twice (a worker retried) neither duplicates notifications nor emails again.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import F
from django_tasks import task

from .emails import build_messages, send_messages
from .models import Event, Notification, StaffMessage
from .recipients import recipients_for
from .unread import forget_unread


def batch_size():
    return max(1, int(getattr(settings, "AVISOS_BATCH_SIZE", 500)))


def batches(ids, size=None):
    size = size or batch_size()
    return [ids[start : start + size] for start in range(0, len(ids), size)]


@task()
def fan_out(*, event_id):
    """Queue the batches of an event. Returns the number of batches queued."""
    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        return 0
    ids = recipients_for(event)
    Event.objects.filter(pk=event.pk).update(recipients_count=len(ids))
    if event.kind == "staff_message":
        StaffMessage.objects.filter(event=event).update(recipients_count=len(ids))
    groups = batches(ids)
    for group in groups:
        deliver_batch.enqueue(event_id=event.pk, user_ids=group)
    return len(groups)


@task()
def deliver_batch(*, event_id, user_ids):
    """Write the in-site notifications of one batch and email those who want emails."""
    event = Event.objects.select_related("call", "proposal").filter(pk=event_id).first()
    if event is None or not user_ids:
        return 0
    already = set(Notification.objects.filter(event=event, user_id__in=user_ids).values_list("user_id", flat=True))
    people = list(
        get_user_model()
        .objects.filter(pk__in=[pk for pk in user_ids if pk not in already], is_active=True)
        .select_related("avisos_preferences")
        .only("pk", "email", "avisos_preferences")
    )
    if not people:
        return 0
    Notification.objects.bulk_create([Notification(event=event, user=person) for person in people], batch_size=250)
    forget_unread([person.pk for person in people])
    messages = build_messages(event, people)
    sent = send_messages(messages)
    Event.objects.filter(pk=event.pk).update(emails_sent=F("emails_sent") + sent, batches_done=F("batches_done") + 1)
    return sent
