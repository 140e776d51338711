"""The kinds of news, as events: what each says and under which key it is recorded once.

Called by the receivers of the other apps' signals (`receivers.py`) and by
`send_due_notifications` (phases that opened). Every function returns the new Event, or None when
the event was already recorded (nothing is sent twice).
"""

import datetime as dt

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from convocatorias.models import CallPage, CallPhase

from .models import Event, Kind
from .services import notify_event


def _spanish():
    return translation.override(settings.LANGUAGE_CODE)


def phase_opened(phase):
    """A phase of a call opened: the voting phase is `ballot_open`, the others `phase_opened`."""
    call = phase.call
    with _spanish():
        if phase.kind == CallPhase.Kind.VOTING:
            kind = Kind.BALLOT_OPEN
            subject = _("Ya puede votar en «%(call)s»") % {"call": call.title}
        else:
            kind = Kind.PHASE_OPENED
            subject = _("«%(call)s»: empezó la fase %(phase)s") % {"call": call.title, "phase": phase.get_kind_display()}
        body = _("Del %(start)s al %(end)s.") % {
            "start": timezone.localtime(phase.starts_at).strftime("%d/%m/%Y %H:%M"),
            "end": timezone.localtime(phase.ends_at).strftime("%d/%m/%Y %H:%M"),
        }
        if phase.description:
            body = f"{phase.description}\n\n{body}"
    return notify_event(
        kind, call=call, subject=subject, body=body, url=call.url or "",
        key=f"phase:{phase.pk}:{phase.starts_at:%Y%m%d%H%M}",
    )


def due_phases(now=None, lookback=None):
    """Phases of live calls that opened in the last `lookback` (AVISOS_PHASE_LOOKBACK_HOURS, 48 h)
    and were not announced yet (two queries)."""
    now = now or timezone.now()
    hours = getattr(settings, "AVISOS_PHASE_LOOKBACK_HOURS", 48) if lookback is None else lookback
    since = now - dt.timedelta(hours=hours)
    live_calls = CallPage.objects.live().values("pk")
    phases = list(
        CallPhase.objects.filter(call__in=live_calls, starts_at__gt=since, starts_at__lte=now)
        .select_related("call")
        .order_by("starts_at", "pk")
    )
    keys = {f"phase:{phase.pk}:{phase.starts_at:%Y%m%d%H%M}": phase for phase in phases}
    done = set(Event.objects.filter(key__in=list(keys)).values_list("key", flat=True))
    return [phase for key, phase in keys.items() if key not in done]


def send_due_notifications(now=None):
    """Announce every phase that opened since the last run. Idempotent. Returns the new events."""
    events = []
    for phase in due_phases(now):
        event = phase_opened(phase)
        if event is not None:
            events.append(event)
    return events


def results_published(box):
    call = box.call
    with _spanish():
        subject = _("Resultados de «%(call)s» en %(territory)s") % {"call": call.title, "territory": box.territory.name}
        body = _("Ya se conocen los proyectos elegidos en %(territory)s.") % {"territory": box.territory.name}
    url = call.reverse_subpage("results") if call.url else ""
    return notify_event(
        Kind.RESULTS_PUBLISHED, call=call, territory=box.territory, subject=subject, body=body,
        url=(call.url + url) if url else "", key=f"results:box:{box.pk}", after_commit=False,
    )


def execution_update(update):
    proposal = update.proposal
    with _spanish():
        subject = _("Avance del proyecto %(reference)s: %(status)s") % {
            "reference": proposal.reference or proposal.title[:40],
            "status": update.get_status_display(),
        }
        lines = [
            _("Hay un nuevo avance del proyecto «%(title)s», que usted sigue.") % {"title": proposal.title},
            "",
            f"{_('Estado de la ejecución:')} {update.get_status_display()}",
            f"{_('Avance:')} {update.progress} %",
            "",
            update.text,
        ]
    return notify_event(
        Kind.EXECUTION_UPDATE, call=proposal.call, proposal=proposal, subject=subject, body="\n".join(lines),
        url=proposal.get_absolute_url() + "#seguimiento", key=f"execution:{update.pk}", after_commit=False,
    )


def workshop_published(workshop, *, url="", subject=None, body=None):
    """A workshop near the people who follow its territory (or its call). Generic: the workshop
    needs `pk`, `title`, `territory` and `call` (either may be None); `talleres` sends it."""
    call = getattr(workshop, "call", None)
    territory = getattr(workshop, "territory", None)
    with _spanish():
        subject = subject or _("Un taller cerca de usted: %(title)s") % {"title": workshop.title}
        body = body or _("Hay un nuevo taller en %(place)s.") % {"place": territory.name if territory else (call.title if call else "")}
    if not url and hasattr(workshop, "get_absolute_url"):
        url = workshop.get_absolute_url()
    return notify_event(
        Kind.WORKSHOP_NEARBY, call=call, territory=territory, subject=subject, body=body, url=url,
        key=f"workshop:{workshop.pk}",
    )
