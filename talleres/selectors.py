"""Reads: the workshop list and page, the attendance list, and a proposal's lineage. Each runs a
fixed number of queries whatever the number of workshops, people, tables or ideas."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from .models import Participation, ProposalLineage, Workshop, WorkshopIdea

REGISTERED = Participation.Status.REGISTERED


def _with_counts(queryset):
    return queryset.annotate(
        registered_count=Count("participations", filter=Q(participations__status=REGISTERED)),
        attended_count=Count("participations", filter=Q(participations__attended=True)),
    )


@dataclass
class WorkshopFilters:
    call: int | None = None
    territory: int | None = None
    when: str = "upcoming"  # or "past"


def public_workshops(filters, now=None):
    now = now or timezone.now()
    queryset = Workshop.objects.filter(published=True).select_related("call", "territory")
    if filters.call:
        queryset = queryset.filter(call_id=filters.call)
    if filters.territory:
        queryset = queryset.filter(territory_id=filters.territory)
    if filters.when == "past":
        queryset = queryset.filter(starts_at__lt=now).order_by("-starts_at", "-pk")
    else:
        queryset = queryset.filter(starts_at__gte=now).order_by("starts_at", "pk")
    return _with_counts(queryset)


def filter_choices():
    """The calls and territories that have published workshops (two queries)."""
    from convocatorias.models import CallPage, Territory  # noqa: PLC0415

    published = Workshop.objects.filter(published=True)
    calls = CallPage.objects.filter(pk__in=published.values("call_id")).order_by("title").only("pk", "title")
    territories = Territory.objects.filter(pk__in=published.values("territory_id")).order_by("name")
    return list(calls), list(territories)


def workshop_for_page(pk, *, include_unpublished=False):
    queryset = Workshop.objects.select_related("call", "territory").prefetch_related(
        "tables",
        Prefetch("materials", queryset=_materials()),
        "facilitators",
    )
    if not include_unpublished:
        queryset = queryset.filter(published=True)
    return _with_counts(queryset).filter(pk=pk).first()


def _materials():
    from .models import WorkshopMaterial  # noqa: PLC0415

    return WorkshopMaterial.objects.select_related("document")


def ideas_of(workshop):
    """The public ideas of a workshop's tables (one query)."""
    return list(
        WorkshopIdea.objects.filter(workshop=workshop, proposal__hidden=False)
        .exclude(proposal__status__in=["draft", "withdrawn"])
        .select_related("proposal", "table")
        .order_by("table__sort_order", "pk")
    )


def participation_of(workshop, user):
    if not user.is_authenticated:
        return None
    return Participation.objects.filter(workshop=workshop, user=user, status=REGISTERED).first()


def attendance_list(workshop):
    """Everyone registered or added at the door, with their account and table (one query)."""
    return list(
        Participation.objects.filter(workshop=workshop, status=REGISTERED)
        .select_related("user", "table")
        .order_by("pk")
    )


# --- lineage on a proposal's page ------------------------------------------------------------------


def lineage_of(proposal):
    """What `proposal` came from and what became of it (one query): {"sources": [...], "results":
    [...]} of active steps, each (kind, proposal, lineage)."""
    rows = (
        ProposalLineage.objects.filter(Q(source=proposal) | Q(result=proposal), reverted_at__isnull=True)
        .select_related("source", "result")
        .order_by("at", "pk")
    )
    sources, results = [], []
    for row in rows:
        if row.result_id == proposal.pk:
            sources.append(row)
        else:
            results.append(row)
    return {"sources": sources, "results": results}
