"""The emails of the notifications: one per person, each with its one-click unsubscribe.

Every message carries `List-Unsubscribe: <https://…/avisos/baja/<token>/>` and
`List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058): a mail client's button posts to
that address, which stops that kind of email without signing in. The text and HTML bodies are
rendered once per event; only the links differ from one person to the next.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from .tokens import unsubscribe_token

PLACEHOLDER_UNSUBSCRIBE = "__AVISOS_BAJA__"
PLACEHOLDER_UNFOLLOW = "__AVISOS_DEJAR__"


def base_url():
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute(url):
    if not url:
        return ""
    return url if url.startswith(("http://", "https://")) else base_url() + url


def wants_email(person, kind):
    prefs = getattr(person, "avisos_preferences", None)
    if not person.email:
        return False
    return prefs is None or prefs.emails_for(kind)


def _unfollow_url(person, event):
    """Project follows keep the bank's signed unfollow link in the text."""
    from banco.execution import unfollow_token

    token = unfollow_token(user=person, proposal=event.proposal)
    return base_url() + reverse("ejecucion:unfollow_link", args=[token])


def build_messages(event, people):
    """One EmailMultiAlternatives per person who wants this kind of email."""
    project_scope = event.kind == "execution_update" and event.proposal_id
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "event": event,
            "url": absolute(event.url),
            "preferences_url": base_url() + reverse("avisos:preferences"),
            "unsubscribe_url": PLACEHOLDER_UNSUBSCRIBE,
            "unfollow_url": PLACEHOLDER_UNFOLLOW if project_scope else "",
            "institution": _institution(),
        }
        text = render_to_string("avisos/emails/notification.txt", context)
        html = render_to_string("avisos/emails/notification.html", context)
    messages = []
    for person in people:
        if not wants_email(person, event.kind):
            continue
        token = unsubscribe_token(
            user_id=person.pk, kind=event.kind, proposal_id=event.proposal_id if project_scope else None
        )
        unsubscribe = base_url() + reverse("avisos:unsubscribe", args=[token])
        unfollow = _unfollow_url(person, event) if project_scope else ""
        body = text.replace(PLACEHOLDER_UNSUBSCRIBE, unsubscribe).replace(PLACEHOLDER_UNFOLLOW, unfollow)
        alternative = html.replace(PLACEHOLDER_UNSUBSCRIBE, escape(unsubscribe)).replace(
            PLACEHOLDER_UNFOLLOW, escape(unfollow)
        )
        message = EmailMultiAlternatives(
            subject=event.subject,
            body=body,
            to=[person.email],
            headers={
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.attach_alternative(alternative, "text/html")
        messages.append(message)
    return messages


def send_messages(messages):
    if not messages:
        return 0
    with get_connection() as connection:
        return connection.send_messages(messages) or 0



def _institution():
    from portal.models import SiteSettings

    return SiteSettings.objects.only("institution_name").first()
