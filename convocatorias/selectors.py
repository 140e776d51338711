"""Read-side queries for calls, with the prefetching that keeps query counts constant."""

from django.db.models import Min, Prefetch, Q
from django.utils import timezone

from .models import CallPage, CallPhase


def with_schedule(queryset):
    """Calls with their phases prefetched, so phase logic runs without extra queries."""
    return queryset.prefetch_related(Prefetch("phases", queryset=CallPhase.objects.all()))


def published_calls():
    return with_schedule(CallPage.objects.live().public()).order_by("-first_published_at", "pk")


def open_calls(now=None):
    """Calls not yet finished (announced, running or between phases), nearest deadline first.

    Phases never overlap, so the earliest end still ahead is the end of the current phase, or of
    the next one when the call is between phases or not started: the database sorts by it.
    """
    now = now or timezone.now()
    return (
        published_calls()
        .annotate(next_deadline=Min("phases__ends_at", filter=Q(phases__ends_at__gt=now)))
        .filter(next_deadline__isnull=False)
        .order_by("next_deadline", "pk")
    )
