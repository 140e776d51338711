"""Factories of workshops, their tables and participants."""

import datetime as dt

from django.utils import timezone

from talleres.models import Participation, Workshop, WorkshopTable
from tests.propuestas.factories import make_proposal_call


def make_workshop(*, call=None, tables=("Movilidad", "Ambiente"), days=7, **fields):
    fields.setdefault("title", "Taller de socialización")
    fields.setdefault("place", "Casa de la cultura")
    workshop = Workshop.objects.create(
        call=call, starts_at=fields.pop("starts_at", timezone.now() + dt.timedelta(days=days)), **fields
    )
    for index, name in enumerate(tables):
        WorkshopTable.objects.create(workshop=workshop, name=name, theme=f"Tema {name}", sort_order=index)
    return workshop


def make_call_workshop(**fields):
    call = make_proposal_call(current="intake")
    return make_workshop(call=call, territory=call.territories.first().territory, **fields)


def add_people(workshop, count, *, attended=True, gender="", age_range="", consent=True, table=None):
    Participation.objects.bulk_create(
        Participation(
            workshop=workshop,
            source=Participation.Source.DOOR,
            attended=attended,
            demographics_consent=consent and bool(gender or age_range),
            gender=gender if consent else "",
            age_range=age_range if consent else "",
            table=table,
        )
        for _ in range(count)
    )
