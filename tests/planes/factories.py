"""Factories of development plans, their trees and registry projects."""

from banco import registry
from convocatorias.models import Territory
from planes.models import Plan, PlanItem
from tests.convocatorias.factories import TerritoryFactory, ThemeFactory


def make_plan(*, name="Plan Municipal de Desarrollo", level="pmd", start=2022, end=2030, municipality="Torreón", **fields):
    return Plan.objects.create(
        name=name, level=level, start_year=start, end_year=end, municipality=municipality, **fields
    )


def make_tree(plan, axes=2):
    """`axes` axes, each with a programme holding one goal: {code: PlanItem}."""
    items = {}
    for number in range(1, axes + 1):
        axis = PlanItem.objects.create(plan=plan, kind="axis", code=f"{number}", name=f"Eje {number}", sort_order=number)
        programme = PlanItem.objects.create(plan=plan, parent=axis, kind="programme", code=f"{number}.1", name=f"Programa {number}.1")
        goal = PlanItem.objects.create(plan=plan, parent=programme, kind="goal", code=f"{number}.1.1", name=f"Meta {number}.1.1")
        items.update({axis.code: axis, programme.code: programme, goal.code: goal})
    return items


def registry_data(**changes):
    theme = changes.pop("theme_obj", None) or ThemeFactory(name="Movilidad", slug="movilidad")
    territory = changes.pop("territory_obj", None) or Territory.objects.filter(name="Moderna").first() or TerritoryFactory(
        name="Moderna", kind="colonia", municipality="Torreón"
    )
    data = {
        "external_reference": "BMPI-2019-001",
        "title": "Ciclovía de la avenida Morelos",
        "summary": "Una ciclovía protegida en el centro.",
        "origin": "institutional",
        "theme": theme.name,
        "territory": f"{territory.name} ({territory.municipality})",
        "estimated_cost": "42000000",
        "currency": "MXN",
        "status": "in_execution",
        "year": "2019",
        "responsible_office": "Obras Públicas",
        "funding_source": "Recursos propios",
    }
    data.update(changes)
    return data


def make_registry_project(actor=None, **changes):
    themes, territories = registry.lookups()
    data = registry_data(**changes)
    themes, territories = registry.lookups()
    cleaned, errors = registry.clean_project(data, themes=themes, territories=territories)
    assert not errors, errors
    return registry.create(cleaned, actor=actor)
