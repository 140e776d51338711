"""Writes of the notifications: follows, preferences, events, reading, staff messages.

Keyword-only functions; a refusal raises `ActionRefused` with a Spanish message and changes
nothing. `notify_event()` is the one door for every kind of news (the receivers of the other apps'
signals, `send_due_notifications`, staff messages): it records an `Event` under a unique key and,
after the commit, queues its delivery (`tasks.fan_out`), so the request that caused it never waits
for the emails.
"""

from __future__ import annotations

import secrets

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.errors import ActionRefused
from propuestas import rules

from . import tasks
from .models import FOLLOW_KINDS, Event, Follow, Kind, Notification, Preferences, StaffMessage
from .tokens import read_unsubscribe_token, unsubscribe_token  # noqa: F401  (part of the services)
from .unread import UNREAD_CACHE_KEY, UNREAD_CACHE_SECONDS, forget_unread



# --- Follows ---------------------------------------------------------------------------------------


def follow(*, user, call=None, territory=None, kinds=None):
    """Follow a call or a territory (with the default kinds, or `kinds`). Idempotent: returns the follow."""
    if not rules.has_confirmed_email(user):
        raise ActionRefused(_("Confirme su correo electrónico para recibir avisos."), "unconfirmed")
    if (call is None) == (territory is None):
        raise ActionRefused(_("Elija una convocatoria o un territorio."), "no_target")
    if call is not None and not call.live:
        raise ActionRefused(_("Esta convocatoria no se puede seguir."), "not_live")
    target = {"call": call} if call is not None else {"territory": territory}
    try:
        with transaction.atomic():
            item, _created = Follow.objects.get_or_create(user=user, **target)
    except IntegrityError:
        item = Follow.objects.get(user=user, **target)
    if kinds is not None:
        set_follow_kinds(follow=item, kinds=kinds)
    return item


def set_follow_kinds(*, follow, kinds):
    """Choose what a follow hears: `kinds` is an iterable of Kind values among FOLLOW_KINDS."""
    kinds = {str(kind) for kind in kinds}
    unknown = kinds - {str(kind) for kind in FOLLOW_KINDS}
    if unknown:
        raise ActionRefused(_("Tipo de aviso desconocido."), "bad_kind")
    for kind in FOLLOW_KINDS:
        setattr(follow, str(kind), str(kind) in kinds)
    follow.save()
    return follow


def unfollow(*, user, call=None, territory=None):
    """Stop following. Idempotent: returns whether a follow was removed."""
    if user is None or not user.is_authenticated:
        return False
    target = {"call": call} if call is not None else {"territory": territory}
    deleted, _detail = Follow.objects.filter(user=user, **target).delete()
    return bool(deleted)


# --- Preferences -----------------------------------------------------------------------------------


def preferences_for(user):
    """The person's preferences (the defaults, unsaved, when they never chose)."""
    return Preferences.objects.filter(user=user).first() or Preferences(user=user)


def save_preferences(*, user, emails, kinds):
    """Emails at all (`emails`) and for which kinds (`kinds`, Kind values)."""
    kinds = {str(kind) for kind in kinds}
    if kinds - set(Kind.values):
        raise ActionRefused(_("Tipo de aviso desconocido."), "bad_kind")
    prefs = preferences_for(user)
    prefs.emails = bool(emails)
    for kind in Kind.values:
        setattr(prefs, kind, kind in kinds)
    prefs.save()
    return prefs


def unsubscribe_with_token(*, token):
    """One-click unsubscribe (RFC 8058): stop following the project named by the token, or stop
    the emails of the token's kind. Idempotent. Returns the token's data, or raises ActionRefused."""
    from banco.models import ProjectFollow

    data = read_unsubscribe_token(token)
    if data is None:
        raise ActionRefused(_("El enlace para darse de baja no es válido."), "bad_token")
    if data["proposal_id"]:
        ProjectFollow.objects.filter(user_id=data["user_id"], proposal_id=data["proposal_id"]).delete()
        return data
    from django.contrib.auth import get_user_model

    if not get_user_model().objects.filter(pk=data["user_id"]).exists():
        return data  # the account was deleted since: nothing left to stop
    with transaction.atomic():
        prefs, _created = Preferences.objects.get_or_create(user_id=data["user_id"])
        setattr(prefs, data["kind"], False)
        prefs.save()
    return data


# --- Reading ---------------------------------------------------------------------------------------


def mark_read(*, user, notification_id):
    """Mark one of the person's notifications read; returns it (None when it is not theirs)."""
    item = Notification.objects.select_related("event").filter(user=user, pk=notification_id).first()
    if item is not None and item.read_at is None:
        item.read_at = timezone.now()
        item.save(update_fields=["read_at"])
        forget_unread([user.pk])
    return item


def mark_all_read(*, user):
    changed = Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
    cache.set(UNREAD_CACHE_KEY % user.pk, 0, UNREAD_CACHE_SECONDS)
    return changed


# --- Events ----------------------------------------------------------------------------------------


def notify_event(kind, *, call=None, territory=None, proposal=None, subject, body, url="", key=None, after_commit=True):
    """Record that something happened and queue telling the people who follow it.

    `key` names the event (``phase:12``, ``results:box:3``…): an event with the same key is never
    recorded or sent again (returns None then). The delivery (`tasks.fan_out`) is queued after the
    commit (at once with `after_commit=False`, for callers that already run after one, such as the
    receivers of signals sent on commit); it finds the recipients and queues the batches of emails.
    """
    if str(kind) not in Kind.values:
        raise ValueError(f"unknown notification kind {kind!r}")
    key = key or f"{kind}:{secrets.token_hex(12)}"
    try:
        with transaction.atomic():
            event = Event.objects.create(
                key=key[:120],
                kind=str(kind),
                call=call,
                territory=territory,
                proposal=proposal,
                subject=str(subject)[:200],
                body=str(body),
                url=str(url)[:500],
            )
    except IntegrityError:
        return None
    if after_commit:
        transaction.on_commit(lambda: _queue_fan_out(event.pk))
    else:
        _queue_fan_out(event.pk)
    return event


def _queue_fan_out(event_id):
    tasks.fan_out.enqueue(event_id=event_id)


# --- Staff messages --------------------------------------------------------------------------------


def new_message_token():
    return secrets.token_urlsafe(24)


def send_staff_message(*, actor, call, subject, body, token):
    """Send a message to the participants of `call` (followers, authors, group members, supporters).

    `token` comes from the preview form: a second submission of the same form sends nothing and
    returns the message already sent. Returns (message, created).
    """
    from .recipients import may_message

    if not may_message(actor, call):
        raise ActionRefused(_("No tiene permiso para escribir a los participantes."), "forbidden")
    subject = (subject or "").strip()
    body = (body or "").strip()
    if not subject or not body:
        raise ActionRefused(_("Escriba el asunto y el mensaje."), "empty")
    if len(subject) > 150 or len(body) > 5000:
        raise ActionRefused(_("El asunto admite 150 caracteres y el mensaje 5000."), "too_long")
    if not token or len(token) > 64:
        raise ActionRefused(_("El formulario caducó: vuelva a la vista previa."), "bad_token")
    existing = StaffMessage.objects.filter(token=token).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            message = StaffMessage.objects.create(call=call, subject=subject, body=body, author=actor, token=token)
            event = notify_event(
                Kind.STAFF_MESSAGE,
                call=call,
                subject=subject,
                body=body,
                url=call.url or "",
                key=f"message:{message.pk}",
            )
            message.event = event
            message.save(update_fields=["event"])
    except IntegrityError:
        return StaffMessage.objects.get(token=token), False
    return message, True
