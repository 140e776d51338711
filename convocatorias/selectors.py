"""Read-side queries for calls, with the prefetching that keeps query counts constant."""

from django.db.models import Prefetch
from django.utils import timezone

from . import phases as registry
from .models import CallPage, CallPhase


def with_schedule(queryset):
    """Calls with their phases prefetched, so phase logic runs without extra queries."""
    return queryset.prefetch_related(Prefetch("phases", queryset=CallPhase.objects.all()))


def published_calls():
    return with_schedule(CallPage.objects.live().public()).order_by("-first_published_at", "pk")


OPEN_STATUSES = (registry.Status.ACTIVE, registry.Status.BETWEEN, registry.Status.UPCOMING)


def open_calls(now=None):
    """Calls that are announced, running or between phases: everything not finished, soonest
    phase end first."""
    now = now or timezone.now()
    calls = [
        call
        for call in published_calls()
        if call.status(now) in OPEN_STATUSES
    ]

    def sort_key(call):
        phase = call.current_phase(now) or call.next_phase(now)
        return phase.ends_at if phase else now

    return sorted(calls, key=sort_key)


def calls_by_status(queryset, now=None):
    """Split a CallPage queryset into open and finished calls (schedules prefetched)."""
    now = now or timezone.now()
    open_, finished = [], []
    for call in with_schedule(queryset).order_by("-first_published_at", "pk"):
        (finished if call.status(now) == registry.Status.FINISHED else open_).append(call)
    return {"open": open_, "finished": finished}
