"""What both backends share: the public set, facet labels, years, costs and the orders."""

import datetime as dt

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.models import Page

from .query import COST_RANGE_BY_KEY, COST_RANGES, FACET_FIELDS, FACETS, ORIGINS, PUBLIC_STATUSES, FacetValue


def proposal_model():
    from propuestas.models import Proposal

    return Proposal


def public_proposals():
    return proposal_model().objects.public()


def cost_expression():
    """cost = the validated cost once decided, otherwise the estimate (Proposal.cost)."""
    return Coalesce("validated_cost", "estimated_cost")


def year_of(moment):
    """The submission year in the site's time zone (what the year facet means)."""
    if moment is None:
        return None
    return timezone.localtime(moment, timezone.get_default_timezone()).year


def year_bounds(year):
    zone = timezone.get_default_timezone()
    return dt.datetime(year, 1, 1, tzinfo=zone), dt.datetime(year + 1, 1, 1, tzinfo=zone)


def year_q(years):
    condition = Q(pk__in=[])
    for year in years:
        if not 1 <= year <= 9998:
            continue
        start, end = year_bounds(year)
        condition |= Q(submitted_at__gte=start, submitted_at__lt=end)
    return condition


def cost_range_q(keys, field="bank_cost"):
    condition = Q(pk__in=[])
    for key in keys:
        cost_range = COST_RANGE_BY_KEY[key]
        part = Q()
        if cost_range.low is not None:
            part &= Q(**{f"{field}__gte": cost_range.low})
        if cost_range.high is not None:
            part &= Q(**{f"{field}__lt": cost_range.high})
        condition |= part
    return condition


def status_labels():
    return dict(proposal_model().Status.choices)


def origin_labels():
    return dict(proposal_model().Origin.choices)


def id_labels(ids_by_facet):
    """{facet: {id: label}} for calls, themes, territories and plan items, in one query."""
    from django.db import connection

    from convocatorias.models import Territory, Theme
    from planes.models import PlanItem

    sources = {
        "call": (Page._meta.db_table, "title"),
        "theme": (Theme._meta.db_table, "name"),
        "territory": (Territory._meta.db_table, "name"),
        "plan": (PlanItem._meta.db_table, "name"),
    }
    parts, params = [], []
    for facet, ids in ids_by_facet.items():
        ids = [int(pk) for pk in ids]
        if not ids:
            continue
        table, column = sources[facet]
        placeholders = ", ".join(["%s"] * len(ids))
        parts.append(f'SELECT %s, "id", "{column}" FROM "{table}" WHERE "id" IN ({placeholders})')
        params += [facet, *ids]
    labels = {facet: {} for facet in ids_by_facet}
    if not parts:
        return labels
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for facet, pk, label in cursor.fetchall():
            labels[facet][pk] = label
    return labels


def build_facets(query, counts):
    """FacetValue lists from {facet: {value: count}} (values as in the index), in display order.

    Selected values always appear (with count 0 if nothing matches) so they can be removed.
    Labels of calls, themes and territories take one query each.
    """

    facets = {}
    id_counts = {}
    for facet in ("call", "theme", "territory"):
        selected = set(getattr(query, FACET_FIELDS[facet]))
        facet_counts = {int(key): count for key, count in counts.get(facet, {}).items() if count}
        for value in selected:
            facet_counts.setdefault(value, 0)
        id_counts[facet] = facet_counts
    # The plan filter is not counted per item: a selected item shows the total it leaves.
    id_counts["plan"] = {pk: counts.get("plan", {}).get(pk, 0) for pk in query.plan_items}
    all_labels = id_labels({facet: list(facet_counts) for facet, facet_counts in id_counts.items()})
    facets["plan"] = [
        FacetValue(str(pk), str(all_labels["plan"][pk]), count, True)
        for pk, count in id_counts["plan"].items()
        if pk in all_labels["plan"]
    ]
    for facet in ("call", "theme", "territory"):
        selected = set(getattr(query, FACET_FIELDS[facet]))
        facet_counts = id_counts[facet]
        labels = all_labels[facet]
        values = [
            FacetValue(str(pk), str(labels[pk]), count, pk in selected)
            for pk, count in facet_counts.items()
            if pk in labels
        ]
        values.sort(key=lambda item: (item.label.lower(), int(item.value)))
        facets[facet] = values
    selected_years = set(query.years)
    year_counts = {int(key): count for key, count in counts.get("year", {}).items() if count}
    for year in selected_years:
        year_counts.setdefault(year, 0)
    facets["year"] = [
        FacetValue(str(year), str(year), count, year in selected_years)
        for year, count in sorted(year_counts.items(), reverse=True)
    ]
    labels = status_labels()
    status_counts = counts.get("status", {})
    facets["status"] = [
        FacetValue(status, str(labels[status]), status_counts.get(status, 0), status in query.statuses)
        for status in PUBLIC_STATUSES
        if status_counts.get(status) or status in query.statuses
    ]
    labels = origin_labels()
    origin_counts = counts.get("origin", {})
    facets["origin"] = [
        FacetValue(origin, str(labels[origin]), origin_counts.get(origin, 0), origin in query.origins)
        for origin in ORIGINS
        if origin_counts.get(origin) or origin in query.origins
    ]
    cost_counts = counts.get("cost", {})
    facets["cost"] = [
        FacetValue(cost_range.key, str(cost_range.label), cost_counts.get(cost_range.key, 0), cost_range.key in query.cost_ranges)
        for cost_range in COST_RANGES
        if cost_counts.get(cost_range.key) or cost_range.key in query.cost_ranges
    ]
    return {name: facets[name] for name in (*FACETS, "plan")}


