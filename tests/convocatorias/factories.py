"""Factories of calls: themes, territories, a published call with its phases."""

import datetime as dt

import factory
from django.utils import timezone

from convocatorias.models import CallPage, CallPhase, CallTerritory, Territory, Theme
from tests.home.factories import make_site


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Eje {n}")
    slug = factory.Sequence(lambda n: f"eje-{n}")


class TerritoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory

    name = factory.Sequence(lambda n: f"Territorio {n}")
    code = factory.Sequence(lambda n: f"{n:02d}")
    kind = Territory.Kind.COMUNA
    municipality = "Medellín"


def make_call(*, parent=None, title="Proyectos Ciudadanos", phases=None, territories=(), themes=(), **fields):
    """Create and publish a call. `phases` is a list of (kind, starts_at, ends_at)."""
    parent = parent or make_site()["calls"]
    slug = fields.pop("slug", None) or factory.Faker._get_faker().unique.slug()
    call = CallPage(title=title, slug=slug, summary=fields.pop("summary", f"Resumen de {title}"), **fields)
    for index, (kind, starts_at, ends_at) in enumerate(phases or []):
        call.phases.add(CallPhase(kind=kind, starts_at=starts_at, ends_at=ends_at, sort_order=index))
    for index, (territory, ceiling) in enumerate(territories):
        call.territories.add(CallTerritory(territory=territory, budget_ceiling=ceiling, sort_order=index))
    parent.add_child(instance=call)
    if themes:
        call.themes.set(themes)
    call.save_revision().publish()
    return CallPage.objects.get(pk=call.pk)


def schedule_around(now=None, *, current="intake"):
    """A full schedule where `current` is running now (7 days each, one week per phase)."""
    now = now or timezone.now()
    kinds = [choice for choice, _ in CallPhase.Kind.choices]
    position = kinds.index(current)
    week = dt.timedelta(days=7)
    start = now - week * position - dt.timedelta(days=1)
    return [(kind, start + week * i, start + week * (i + 1)) for i, kind in enumerate(kinds)]
