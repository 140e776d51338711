"""Reads of the indicators, each in a fixed number of queries whatever the number of values,
territories or projects: the catalogue, an indicator's series, a monitor's sections, a
territory's fact sheet and a project's impact indicators."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Q
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from wagtail.rich_text import RichText

from convocatorias.models import Territory
from propuestas.models import Proposal

from . import charts
from .models import Indicator, IndicatorCategory, IndicatorValue, ProjectIndicator, TerritoryPage

DEMO_NOTE = "datos de demostración"
MAX_SEARCH = 200
FACT_SHEET_INDICATORS = 12
FACT_SHEET_PROJECTS = 200


def display(value, decimals):
    if value is None:
        return "—"
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def _formatter(decimals):
    return lambda value: display(value, decimals)


# --- Catalogue ---------------------------------------------------------------------------------


def catalogue(*, text="", category=""):
    """[(category, [indicators])] of the catalogue, filtered by words and a category slug. Two queries."""
    indicators = Indicator.objects.select_related(None).only(
        "pk", "code", "name", "unit", "periodicity", "level", "category_id"
    )
    words = text.split()[:8]
    for word in words:
        indicators = indicators.filter(Q(name__icontains=word) | Q(code__icontains=word) | Q(definition__icontains=word))
    if category:
        indicators = indicators.filter(category__slug=category)
    by_category = defaultdict(list)
    for indicator in indicators.order_by("code"):
        by_category[indicator.category_id].append(indicator)
    categories = list(IndicatorCategory.objects.all())
    return [(c, by_category[c.pk]) for c in categories if by_category.get(c.pk)], categories


def indicator_by_code(code):
    return Indicator.objects.select_related("category").filter(code=code).first()


def _fact_sheet_urls(territory_ids, request=None):
    pages = TerritoryPage.objects.live().public().filter(territory_id__in=territory_ids).only("pk", "url_path", "territory_id", "depth", "path")
    return {page.territory_id: page.get_url(request) for page in pages}


def indicator_series(indicator, *, request=None, chosen=()):
    """The indicator's values as a table (a row per territory, a column per period) and a chart
    of up to 8 territories (`chosen` ids, else the first ones). Three queries."""
    rows = list(
        IndicatorValue.objects.filter(indicator=indicator)
        .order_by()
        .values_list("territory_id", "period", "value", "source", "note")
    )
    territory_ids = {row[0] for row in rows}
    territories = sorted(
        Territory.objects.filter(pk__in=territory_ids), key=lambda t: (t.municipality, t.kind, t.code, t.name)
    )
    urls = _fact_sheet_urls(territory_ids, request) if territory_ids else {}
    table = build_table(
        indicator_rows=[(indicator, territory) for territory in territories],
        values=rows,
        urls=urls,
        with_indicator=False,
    )
    chosen = [t for t in territories if t.pk in set(chosen)] or territories[: charts.MAX_SERIES]
    chart = series_chart(f"ind-{indicator.pk}", indicator, chosen, table["periods"], rows, kind="line")
    return {"table": table, "chart": chart, "territories": territories, "chosen": chosen}


# --- Tables and charts --------------------------------------------------------------------------


def _in_range(period, start, end):
    return (not start or period >= start) and (not end or period[: len(end)] <= end)


def build_table(*, indicator_rows, values, urls=None, with_indicator=True, start="", end=""):
    """A table: a row per (indicator, territory) in `indicator_rows`, a column per period.
    `values`: (territory id, period, value, source, note) or with the indicator id first."""
    urls = urls or {}
    wanted = {(i.pk, t.pk) for i, t in indicator_rows}
    single = None if with_indicator else indicator_rows[0][0].pk if indicator_rows else None
    cells = {}
    meta = {}
    periods = set()
    sources = set()
    notes = []
    for row in values:
        if single is not None:
            territory_id, period, value, source, note = row
            indicator_id = single
        else:
            indicator_id, territory_id, period, value, source, note = row
        if (indicator_id, territory_id) not in wanted or not _in_range(period, start, end):
            continue
        cells[(indicator_id, territory_id, period)] = value
        meta[(indicator_id, territory_id, period)] = (source, note)
        periods.add(period)
        if source:
            sources.add(source)
        if note and len(notes) < 20 and note not in notes:
            notes.append(note)
    periods = sorted(periods)
    table_rows = []
    for indicator, territory in indicator_rows:
        table_rows.append(
            {
                "indicator": indicator,
                "territory": territory,
                "url": urls.get(territory.pk),
                "cells": [display(cells.get((indicator.pk, territory.pk, p)), indicator.decimals) for p in periods],
                "raw": [cells.get((indicator.pk, territory.pk, p)) for p in periods],
                "meta": [meta.get((indicator.pk, territory.pk, p), ("", "")) for p in periods],
            }
        )
    return {
        "periods": periods,
        "rows": table_rows,
        "sources": sorted(sources),
        "notes": notes,
        "demo": any(DEMO_NOTE in n for n in notes) or any(DEMO_NOTE in s for s in sources),
        "with_indicator": with_indicator,
    }


def series_chart(chart_id, indicator, territories, periods, values, *, kind="line", start="", end="", title=None):
    """The chart of one indicator in some territories; `values` as in `build_table`."""
    if not territories or not periods:
        return None
    wanted = {t.pk: {} for t in territories}
    for row in values:
        territory_id, period, value = (row[1], row[2], row[3]) if len(row) == 6 else row[:3]
        if len(row) == 6 and row[0] != indicator.pk:
            continue
        if territory_id in wanted and _in_range(period, start, end):
            wanted[territory_id][period] = value
    periods = [p for p in periods if _in_range(p, start, end)]
    title = title or f"{indicator.name} ({indicator.unit})"
    names = ", ".join(t.name for t in territories[: charts.MAX_SERIES])
    description = _("%(name)s por periodo en %(territories)s. Los mismos datos están en la tabla siguiente.") % {
        "name": indicator.name,
        "territories": names,
    }
    return charts.chart(
        chart_id=chart_id,
        title=title,
        description=description,
        kind=kind,
        periods=periods,
        series=[(t.name, wanted[t.pk]) for t in territories],
        fmt=_formatter(indicator.decimals),
    )


# --- Monitors ------------------------------------------------------------------------------------


def _ids(raw_list):
    """The ids of a ListBlock's raw data (list of {"type": "item", "value": id} or of ids)."""
    ids = []
    for item in raw_list or []:
        value = item.get("value") if isinstance(item, dict) else item
        if isinstance(value, int):
            ids.append(value)
        elif isinstance(value, str) and value.isdigit():
            ids.append(int(value))
    return ids


def _single_id(value):
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def monitor_sections(page):
    """The monitor's blocks ready to render: text, charts and tables with their numbers. Three
    queries for all blocks (indicators, territories, values), whatever their number and data."""
    raw = list(page.body.raw_data)
    indicator_ids, territory_ids = set(), set()
    for block in raw:
        value = block.get("value") or {}
        if block.get("type") == "chart":
            indicator_ids.add(_single_id(value.get("indicator")))
            territory_ids.update(_ids(value.get("territories")))
        elif block.get("type") == "table":
            indicator_ids.update(_ids(value.get("indicators")))
            territory_ids.update(_ids(value.get("territories")))
    indicator_ids.discard(None)
    indicators = Indicator.objects.in_bulk(indicator_ids) if indicator_ids else {}
    territories = Territory.objects.in_bulk(territory_ids) if territory_ids else {}
    values = []
    if indicators and territories:
        values = list(
            IndicatorValue.objects.filter(indicator_id__in=list(indicators), territory_id__in=list(territories))
            .order_by()
            .values_list("indicator_id", "territory_id", "period", "value", "source", "note")
        )
    sections = []
    for number, block in enumerate(raw, 1):
        kind = block.get("type")
        value = block.get("value") or {}
        if kind == "text":
            sections.append({"type": "text", "html": RichText(value)})
            continue
        if kind not in ("chart", "table"):
            continue
        start = _period_or_blank(value.get("period_from"))
        end = _period_or_blank(value.get("period_to"))
        chosen_territories = [territories[pk] for pk in _ids(value.get("territories")) if pk in territories]
        if kind == "chart":
            indicator = indicators.get(_single_id(value.get("indicator")))
            if indicator is None or not chosen_territories:
                continue
            table = build_table(
                indicator_rows=[(indicator, t) for t in chosen_territories], values=values, start=start, end=end
            )
            title = value.get("title") or indicator.name
            chart = series_chart(
                f"monitor-{page.pk}-{number}",
                indicator,
                chosen_territories,
                table["periods"],
                values,
                kind=value.get("kind") or "line",
                start=start,
                end=end,
                title=f"{title} ({indicator.unit})",
            )
            table["with_indicator"] = False
            sections.append({"type": "chart", "title": title, "indicator": indicator, "chart": chart, "table": table})
        else:
            chosen_indicators = [indicators[pk] for pk in _ids(value.get("indicators")) if pk in indicators]
            if not chosen_indicators or not chosen_territories:
                continue
            table = build_table(
                indicator_rows=[(i, t) for i in chosen_indicators for t in chosen_territories],
                values=values,
                start=start,
                end=end,
            )
            title = value.get("title") or ", ".join(i.name for i in chosen_indicators)
            sections.append({"type": "table", "title": title, "table": table})
    return sections


def _period_or_blank(raw):
    from .periods import normalise

    return normalise(raw) or "" if raw else ""


# --- Fact sheets ---------------------------------------------------------------------------------


def _level_for(kind):
    for level, kinds in Indicator.LEVEL_KINDS.items():
        if kind in kinds:
            return level
    return Indicator.Level.LOCAL


def fact_sheet(page, request=None):
    """A territory's key indicators (chart and table each) and its public projects and proposals.
    Four queries whatever the number of values and projects."""
    territory = Territory.objects.get(pk=page.territory_id)
    chosen = list(page.key_indicators.all()) if page.pk else []
    if not chosen:
        chosen = list(
            Indicator.objects.filter(featured=True, level=_level_for(territory.kind)).order_by("code")[:FACT_SHEET_INDICATORS]
        )
    values = list(
        IndicatorValue.objects.filter(territory_id=territory.pk, indicator_id__in=[i.pk for i in chosen])
        .order_by()
        .values_list("indicator_id", "territory_id", "period", "value", "source", "note")
    )
    indicators = []
    for indicator in chosen:
        table = build_table(indicator_rows=[(indicator, territory)], values=values)
        if not table["periods"]:
            continue
        chart = series_chart(
            f"sheet-{indicator.pk}", indicator, [territory], table["periods"], values, kind="bar"
        )
        indicators.append({"indicator": indicator, "table": table, "chart": chart})
    projects = list(
        Proposal.objects.public()
        .filter(territory_id=territory.pk)
        .select_related("call")
        .only("pk", "reference", "title", "status", "submitted_at", "call__title", "call__id")
        .order_by("-submitted_at", "-pk")[: FACT_SHEET_PROJECTS + 1]
    )
    return {
        "territory": territory,
        "indicators": indicators,
        "projects": projects[:FACT_SHEET_PROJECTS],
        "more_projects": len(projects) > FACT_SHEET_PROJECTS,
    }


# --- Impact (SESP) -------------------------------------------------------------------------------


def impact_for(proposal):
    """The indicators a project means to move, each with its baseline, target and the values
    measured after the baseline in its territory. Two queries (one when there are none)."""
    links = list(ProjectIndicator.objects.filter(proposal_id=proposal.pk).select_related("indicator"))
    if not links:
        return []
    territory_of = {link.pk: link.territory_id or proposal.territory_id for link in links}
    values = IndicatorValue.objects.filter(
        indicator_id__in={link.indicator_id for link in links}, territory_id__in=set(territory_of.values())
    ).order_by("period").values_list("indicator_id", "territory_id", "period", "value")
    series = defaultdict(list)
    for indicator_id, territory_id, period, value in values:
        series[(indicator_id, territory_id)].append((period, value))
    rows = []
    for link in links:
        decimals = link.indicator.decimals
        later = [
            {"period": period, "value": display(value, decimals)}
            for period, value in series[(link.indicator_id, territory_of[link.pk])]
            if period > link.baseline_period
        ]
        latest = next(
            (value for period, value in reversed(series[(link.indicator_id, territory_of[link.pk])]) if period > link.baseline_period),
            None,
        )
        progress = None
        span = link.target_value - link.baseline_value
        if latest is not None and span:
            progress = round(float((latest - link.baseline_value) / span) * 100)
        rows.append(
            {
                "link": link,
                "indicator": link.indicator,
                "baseline": display(link.baseline_value, decimals),
                "target": display(link.target_value, decimals),
                "later": later,
                "latest": display(latest, decimals) if latest is not None else None,
                "progress": progress,
            }
        )
    return rows
