"""Demo development plans and registry projects (called by `seed_demo`; data in demo/data/plans.yaml).

The three Torreón plans (PMD, Programa de Gobierno Municipal, PMDU) and three of Medellín's local
development plans as trees of axes, programmes and goals, and a dozen registry projects of both
cities from 2017 on, aligned with plan items. Names come from the source documents where they
exist; periods, programmes, goals and projects are demonstration data and say so.

Idempotent: plans by slug, items by (plan, code), projects by external reference; a second run
creates nothing and brings changed fields back to the data.
"""

from django.contrib.auth import get_user_model

from banco import registry
from convocatorias.models import Territory
from planes.models import Plan, PlanItem
from propuestas.models import Proposal

from . import content

STAFF_EMAIL = "admin@participa.test"

_data = content.load("plans.yaml")


def _territory(key):
    municipality, kind, name = key
    return Territory.objects.filter(municipality=municipality, kind=kind, name=name).first()


def _save(obj, values):
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    if changed or obj.pk is None:
        obj.save()
    return changed


def seed_plans(tally):
    items = {}
    for row in _data["plans"]:
        plan = Plan.objects.filter(slug=row["slug"]).first()
        created = plan is None
        territory = _territory(row["territory"]) if row.get("territory") else None
        changed = _save(
            plan or Plan(slug=row["slug"]),
            {
                "name": row["name"],
                "level": row["level"],
                "municipality": row["municipality"],
                "territory": territory,
                "start_year": row["start"],
                "end_year": row["end"],
                "description": row.get("description", ""),
            },
        )
        plan = Plan.objects.get(slug=row["slug"])
        tally.record(created, changed)
        existing = {item.code: item for item in plan.items.all()}
        for order, entry in enumerate(row["items"]):
            kind, code, name = entry[:3]
            parent = items.get((plan.pk, entry[3])) if len(entry) > 3 else None
            item = existing.get(code)
            created = item is None
            changed = _save(
                item or PlanItem(plan=plan, code=code),
                {"kind": kind, "name": name, "parent": parent, "sort_order": order},
            )
            items[(plan.pk, code)] = item or PlanItem.objects.get(plan=plan, code=code)
            tally.record(created, changed)
    _seed_projects(tally)


def _seed_projects(tally):
    actor = get_user_model().objects.filter(email=STAFF_EMAIL).first()
    themes, territories = registry.lookups()
    items = {(item.plan.slug, item.code): item for item in PlanItem.objects.select_related("plan")}
    for reference, title, origin, theme, territory, cost, currency, status, year, office, funding, aligned in _data["projects"]:
        data = {
            "external_reference": reference,
            "title": title,
            "summary": f"{title}. Proyecto del registro del banco: datos de demostración.",
            "origin": origin,
            "theme": theme,
            "territory": territory,
            "estimated_cost": cost,
            "currency": currency,
            "status": status,
            "year": year,
            "responsible_office": office,
            "funding_source": funding,
        }
        cleaned, errors = registry.clean_project(data, themes=themes, territories=territories)
        if errors:
            tally.notes.append(f"{reference}: {'; '.join(map(str, errors.values()))}")
            continue
        project = Proposal.objects.filter(external_reference=reference).first()
        if project is None:
            project = registry.create(cleaned, actor=actor, reason="Registrado en el banco (datos de demostración).")
            tally.record(True, False)
        elif any(
            getattr(project, f"{name}_id" if name in ("theme", "territory") else name)
            != (value.pk if name in ("theme", "territory") else value)
            for name, value in cleaned.items()
        ):
            registry.change(project, cleaned, actor=actor)
            tally.record(False, True)
        else:
            tally.record(False, False)
        wanted = {items[tuple(key.split(":", 1))].pk for key in aligned if tuple(key.split(":", 1)) in items}
        if wanted != set(project.plan_items.values_list("pk", flat=True)):
            project.plan_items.set(wanted)
