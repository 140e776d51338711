"""Demo content of the indicators (called by `seed_demo`): categories and indicators named after
IMPLAN Torreón's Sistema Metropolitano de Indicadores, GENERATED values (labelled «datos de
demostración» in their source and note) for the demo's colonias, comunas, corregimientos and
municipalities, two monitors, the fact sheets of the five colonias of the first stage of the
«Indicadores Básicos por Colonia», and the impact indicators of two selected projects.

Idempotent and quick: values come from a seeded generator (the same numbers every run) and are
upserted in one statement; pages are created once and republished only when their content
changed.
"""

import random
from decimal import Decimal

from django.db import transaction

from convocatorias.models import Territory
from home.models import HomePage
from indicadores.models import (
    Indicator,
    IndicatorCategory,
    IndicatorValue,
    MonitorIndexPage,
    MonitorPage,
    ProjectIndicator,
    TerritoryIndexPage,
    TerritoryPage,
)
from propuestas.models import Proposal

from . import content

DATA = content.load("indicators.yaml")
MONITOR_INDEX = {"slug": "monitores", "title": "Monitores", "intro": "<p>Monitores metropolitanos: instrumentos de información con los datos más relevantes de temas selectos de la ciudad y la Zona Metropolitana de La Laguna, cada uno descargable. Las cifras de esta demostración son generadas.</p>"}


def _territories():
    """{group: [Territory]}: colonias (Torreón), local (colonias, comunas, corregimientos),
    municipalities (ZML) and the metropolitan area (created here if missing)."""
    metro, _created = Territory.objects.get_or_create(
        municipality=DATA["metropolitan_area"],
        kind=Territory.Kind.METROPOLITAN_AREA,
        name=DATA["metropolitan_area"],
        defaults={"code": "ZML"},
    )
    by_kind = {}
    for territory in Territory.objects.all():
        by_kind.setdefault(territory.kind, []).append(territory)
    colonias = [t for t in by_kind.get(Territory.Kind.COLONIA, []) if t.municipality == "Torreón"]
    local = by_kind.get(Territory.Kind.COLONIA, []) + by_kind.get(Territory.Kind.COMUNA, []) + by_kind.get(Territory.Kind.CORREGIMIENTO, [])
    return {
        "colonias": sorted(colonias, key=lambda t: t.pk),
        "local": local,
        "municipalities": sorted(by_kind.get(Territory.Kind.MUNICIPIO, []), key=lambda t: t.pk),
        "metropolitan": [metro],
    }


LEVEL_GROUPS = {"local": "local", "municipality": "municipalities", "metropolitan": "metropolitan"}


def _catalogue(tally):
    indicators = {}
    for order, item in enumerate(DATA["categories"]):
        category, created = IndicatorCategory.objects.get_or_create(
            slug=item["slug"], defaults={"name": item["name"], "description": item["description"], "sort_order": order}
        )
        changed = False
        for name, value in (("name", item["name"]), ("description", item["description"]), ("sort_order", order)):
            if getattr(category, name) != value:
                setattr(category, name, value)
                changed = True
        if changed:
            category.save()
        tally.record(created, changed)
        for spec in item["indicators"]:
            fields = {
                "category": category,
                "name": spec["name"],
                "unit": spec["unit"],
                "definition": spec["definition"],
                "source": spec["source"],
                "periodicity": spec["periodicity"],
                "level": spec["level"],
                "decimals": spec["decimals"],
                "featured": spec.get("featured", False),
            }
            indicator, created = Indicator.objects.get_or_create(code=spec["code"], defaults=fields)
            changed = [name for name, value in fields.items() if getattr(indicator, name) != value]
            for name in changed:
                setattr(indicator, name, fields[name])
            if changed:
                indicator.save()
            tally.record(created, bool(changed))
            indicators[spec["code"]] = (indicator, spec)
    return indicators


def generated_value(spec, territory, index):
    """The demo value of an indicator in a territory for the index-th period: a base drawn from
    the indicator's range for the territory, a trend and some noise (the same every run)."""
    rng = random.Random(f"{spec['code']}:{territory.municipality}:{territory.kind}:{territory.name}")
    low, high = spec["base"]
    base = rng.uniform(low, high)
    value = base * (1 + spec["trend"]) ** index * (1 + rng.uniform(-0.03, 0.03) if index else 1)
    value = max(value, 0)
    if spec["unit"] == "%":
        value = min(value, 100)
    return Decimal(str(round(value, spec["decimals"])))


def _values(tally, indicators, groups):
    periods = [str(p) for p in DATA["periods"]]
    rows = []
    for indicator, spec in indicators.values():
        for territory in groups[LEVEL_GROUPS[spec["level"]]]:
            rng_index = 0
            for period in periods:
                rows.append(
                    IndicatorValue(
                        indicator=indicator,
                        territory=territory,
                        period=period,
                        value=generated_value(spec, territory, rng_index),
                        source=DATA["demo_source"],
                        note=DATA["demo_note"],
                    )
                )
                rng_index += 1
    existing = {
        (i, t, p): (v, s, n)
        for i, t, p, v, s, n in IndicatorValue.objects.filter(indicator__in=[i for i, _s in indicators.values()]).values_list(
            "indicator_id", "territory_id", "period", "value", "source", "note"
        )
    }
    changed = [
        row
        for row in rows
        if existing.get((row.indicator_id, row.territory_id, row.period)) != (row.value, row.source, row.note)
    ]
    if changed:
        IndicatorValue.objects.bulk_create(
            changed,
            update_conflicts=True,
            unique_fields=["indicator", "territory", "period"],
            update_fields=["value", "source", "note"],
            batch_size=500,
        )
    tally.notes.append(f"{len(rows)} valores generados, {len(changed)} escritos")


def _publish(tally, parent, model, slug, fields, *, after_create=None):
    page = model.objects.child_of(parent).filter(slug=slug).first()
    created = page is None
    if created:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        if after_create:
            after_create(page)
        page.save_revision().publish()
        tally.record(True, False)
        return model.objects.get(pk=page.pk)
    changed = False
    for name, value in fields.items():
        current = getattr(page, name)
        if name == "body":
            current, value = list(current.raw_data), value
            same = [(b["type"], b["value"]) for b in current] == [(b["type"], b["value"]) for b in value]
        elif isinstance(current, Territory):
            same = current.pk == value.pk
        else:
            same = current == value
        if not same:
            setattr(page, name, value)
            changed = True
    if changed:
        page.save_revision().publish()
    tally.record(False, changed)
    return page


def _monitor_body(spec, indicators, groups):
    body = [{"type": "text", "value": spec["intro"]}]
    for block in spec["blocks"]:
        (kind, value), = block.items()
        if kind == "text":
            body.append({"type": "text", "value": value})
            continue
        territory_ids = [t.pk for t in groups[value["territories"]]]
        common = {
            "title": value.get("title", ""),
            "territories": territory_ids,
            "period_from": value.get("from", ""),
            "period_to": value.get("to", ""),
        }
        if kind == "chart":
            body.append({"type": "chart", "value": {**common, "indicator": indicators[value["indicator"]][0].pk, "kind": value["kind"]}})
        else:
            body.append({"type": "table", "value": {**common, "indicators": [indicators[c][0].pk for c in value["indicators"]]}})
    return body


def _pages(tally, indicators, groups):
    home = HomePage.objects.order_by("path").first()
    if home is None:
        return
    monitor_index = MonitorIndexPage.objects.first() or _publish(
        tally, home, MonitorIndexPage, MONITOR_INDEX["slug"], {"title": MONITOR_INDEX["title"], "intro": MONITOR_INDEX["intro"]}
    )
    for spec in DATA["monitors"]:
        _publish(
            tally,
            monitor_index,
            MonitorPage,
            spec["slug"],
            {"title": spec["title"], "summary": spec["summary"], "body": _monitor_body(spec, indicators, groups)},
        )
    info = DATA["territory_index"]
    sheet_index = TerritoryIndexPage.objects.first() or _publish(
        tally, home, TerritoryIndexPage, info["slug"], {"title": info["title"], "intro": info["intro"]}
    )
    colonias = {t.name: t for t in groups["colonias"]}
    for spec in DATA["fact_sheets"]:
        territory = colonias.get(spec["territory"])
        if territory is None:
            continue
        existing = TerritoryPage.objects.filter(territory=territory).exclude(slug=spec["slug"]).first()
        if existing is not None:
            continue  # an editor made this colonia's sheet elsewhere: leave it
        fields = {key: spec[key] for key in ("summary", "history", "equipment", "streets", "places")}
        _publish(tally, sheet_index, TerritoryPage, spec["slug"], {"title": spec["territory"], "territory": territory, **fields})


def _impact(tally, indicators):
    titles = {item["project"]: item for item in DATA["impact"]}
    projects = Proposal.objects.filter(title__in=list(titles)).select_related("territory")
    for project in projects:
        item = titles[project.title]
        indicator, _spec = indicators[item["indicator"]]
        baseline = IndicatorValue.objects.filter(
            indicator=indicator, territory=project.territory, period=item["baseline_period"]
        ).values_list("value", flat=True).first()
        if baseline is None:
            continue
        target = (baseline * (1 + Decimal(item["target_change"]) / 100)).quantize(Decimal("0.1"))
        fields = {
            "baseline_value": baseline,
            "baseline_period": item["baseline_period"],
            "target_value": target,
            "target_period": item["target_period"],
            "note": "Meta de demostración",
        }
        link, created = ProjectIndicator.objects.get_or_create(proposal=project, indicator=indicator, defaults=fields)
        changed = [name for name, value in fields.items() if getattr(link, name) != value]
        for name in changed:
            setattr(link, name, fields[name])
        if changed:
            link.save()
        tally.record(created, bool(changed))


@transaction.atomic
def seed_indicators(tally):
    groups = _territories()
    indicators = _catalogue(tally)
    _values(tally, indicators, groups)
    _pages(tally, indicators, groups)
    _impact(tally, indicators)

