"""Avisos' part of a person's data: follows, preferences, notifications; staff messages sent.

Registered with `portal.personal_data` by `AvisosConfig.ready()`.
"""

from django.utils.translation import gettext_lazy as _

from portal import personal_data

from .models import FOLLOW_KINDS, Follow, Notification, Preferences, StaffMessage


def export_follows(user):
    return [
        {
            "call": follow.call.title if follow.call_id else None,
            "territory": follow.territory.name if follow.territory_id else None,
            "kinds": [str(kind) for kind in FOLLOW_KINDS if follow.wants(kind)],
            "since": follow.created_at.isoformat(),
        }
        for follow in Follow.objects.filter(user=user).select_related("call", "territory").order_by("pk")
    ]


def export_preferences(user):
    prefs = Preferences.objects.filter(user=user).first()
    if prefs is None:
        return None
    fields = ["emails", "phase_opened", "workshop_nearby", "ballot_open", "results_published", "execution_update", "staff_message"]
    return {name: getattr(prefs, name) for name in fields}


def export_notifications(user):
    return [
        {
            "subject": item.event.subject,
            "kind": item.event.kind,
            "url": item.event.url,
            "received": item.created_at.isoformat(),
            "read": item.read_at.isoformat() if item.read_at else None,
        }
        for item in Notification.objects.filter(user=user).select_related("event").order_by("pk")
    ]


def register():
    personal_data.register("notification_follows", models=["avisos.Follow"], export=export_follows)
    personal_data.register("notification_preferences", models=["avisos.Preferences"], export=export_preferences)
    personal_data.register("notifications", models=["avisos.Notification"], export=export_notifications)
    personal_data.register(
        "staff_messages",
        models=["avisos.StaffMessage"],
        note=_("Mensajes enviados por el personal a los participantes: se conservan sin su autor."),
    )
