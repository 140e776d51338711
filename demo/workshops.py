"""Demo content of workshops (called by `seed_demo`, step «Talleres y encuentros»):

- the three workshops of the Plan Estratégico Metropolitano with its six thematic tables, each the
  call's existing calendar entry of the same title (seed 003);
- a series of Medellín's pedagogical encuentros with SYNTHETIC attendance (people recorded at the
  door without a name, `Participation.synthetic`; gender and age range only under consent), which
  feeds the pedagogy page's figures and the workshop statistics;
- a socialisation workshop of one comuna whose tables' ideas are merged into ballot projects
  through `talleres.services` (recorded in the lineage, as staff would do it in the admin).

Idempotent: workshops are found by call (or series) and title, tables by name, ideas by title; a
second run creates nothing. Data: demo/data/workshops.yaml.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from convocatorias.models import CallEvent, CallPage, Territory, Theme
from talleres import services
from talleres.models import Participation, ProposalLineage, Workshop, WorkshopTable

from . import content

_data = content.load("workshops.yaml")
AGES = ["18-29", "30-44", "45-59", "60+", "0-17"]


def _is_facilitator(workshop, user):
    return Workshop.facilitators.through.objects.filter(workshop_id=workshop.pk, user_id=user.pk).exists()


def _add_facilitator(workshop, user):
    if user is not None and not _is_facilitator(workshop, user):
        Workshop.facilitators.through.objects.create(workshop_id=workshop.pk, user_id=user.pk)


def _workshop(tally, *, lookup, values, tables=(), on_creation=None):
    """Find the workshop by `lookup` or create it (with `on_creation` too: relative dates are set
    once, so a daily run changes nothing); bring `values` and `tables` to the demo data."""
    workshop = Workshop.objects.filter(**lookup).first()
    created = workshop is None
    if created:
        workshop = Workshop(**lookup, **(on_creation or {}))
    changed = False
    for key, value in values.items():
        if getattr(workshop, key) != value:
            setattr(workshop, key, value)
            changed = True
    if created or changed:
        workshop.save()
    existing = {table.name: table for table in workshop.tables.all()}
    for index, row in enumerate(tables):
        table = existing.get(row["name"])
        if table is None:
            WorkshopTable.objects.create(workshop=workshop, name=row["name"], theme=row["theme"], sort_order=index)
            changed = True
        elif table.theme != row["theme"]:
            table.theme = row["theme"]
            table.save(update_fields=["theme"])
            changed = True
    tally.record(created, changed and not created)
    return workshop


def _people(workshop, rows):
    """Synthetic attendance at the door: [(count, gender, consent, table)]. Only once."""
    if workshop.participations.exists():
        return
    participations = []
    for count, gender, consent, table in rows:
        for index in range(count):
            participations.append(
                Participation(
                    workshop=workshop,
                    source=Participation.Source.DOOR,
                    attended=True,
                    synthetic=True,
                    demographics_consent=consent,
                    gender=gender if consent else "",
                    age_range=AGES[index % len(AGES)] if consent else "",
                    table=table,
                )
            )
    Participation.objects.bulk_create(participations)


def _pem(tally, facilitator):
    spec = _data["pem"]
    call = CallPage.objects.filter(slug=spec["call"]).first()
    if call is None:
        return
    for event in CallEvent.objects.filter(call=call, title__startswith="Taller").order_by("starts_at"):
        # The workshop takes the calendar entry's own values, so keeping them in step changes nothing.
        workshop = _workshop(
            tally,
            lookup={"call": call, "title": event.title},
            values={
                "kind": Workshop.Kind.WORKSHOP,
                "starts_at": event.starts_at,
                "place": event.place,
                "description": event.description,
                "call_event": event,
                "registration_open": False,
                "capacity": 120,
            },
            tables=spec["tables"],
        )
        _add_facilitator(workshop, facilitator)


def _encuentros(tally, now):
    spec = _data["encuentros"]
    territories = {t.name: t for t in Territory.objects.filter(municipality="Medellín")}
    for number, (name, days, place, women, men, others) in enumerate(spec["sessions"], start=1):
        starts = (now + dt.timedelta(days=days)).replace(hour=17, minute=0, second=0, microsecond=0)
        workshop = _workshop(
            tally,
            lookup={"series": spec["series"], "title": f"Encuentro pedagógico {number} – {name}", "kind": Workshop.Kind.ENCUENTRO},
            values={
                "place": place,
                "territory": territories.get(name),
                "description": spec["description"],
                "capacity": 40,
            },
            on_creation={"starts_at": starts},
        )
        if days < 0:
            _people(workshop, [(women, "woman", True, None), (men, "man", True, None), (others, "", False, None)])


def _comuna(tally, now):
    spec = _data["comuna"]
    call = CallPage.objects.filter(slug=spec["call"]).first()
    User = get_user_model()
    facilitator = User.objects.filter(email=spec["facilitator"]).first()
    moderator = User.objects.filter(email=spec["moderator"]).first()
    territory = Territory.objects.filter(municipality="Medellín", name=spec["territory"]).first()
    theme = Theme.objects.filter(slug=spec["theme"]).first()
    if not (call and facilitator and moderator and territory and theme):
        return
    starts = (now + dt.timedelta(days=spec["days"])).replace(hour=9, minute=0, second=0, microsecond=0)
    workshop = _workshop(
        tally,
        lookup={"call": call, "title": spec["title"]},
        values={"place": spec["place"], "territory": territory, "registration_open": False},
        tables=spec["tables"],
        on_creation={"starts_at": starts},
    )
    _add_facilitator(workshop, facilitator)
    tables = list(workshop.tables.order_by("sort_order"))
    _people(
        workshop,
        [(count, "woman" if index == 0 else "man", True, tables[index]) for index, count in enumerate(spec["attendance"])],
    )
    ideas = {}
    known = {idea.proposal.title: idea.proposal for idea in workshop.ideas.select_related("proposal")}
    for row in spec["ideas"]:
        proposal = known.get(row["title"])
        if proposal is None:
            proposal = services.enter_idea(
                workshop=workshop,
                by=facilitator,
                data={"title": row["title"], "summary": row["summary"], "theme": theme, "territory": territory},
                table=tables[row["table"]],
                admitted=True,
                now=workshop.starts_at,
            ).proposal
            tally.record(True, False)
        ideas[row["key"]] = proposal
    for project in spec["projects"]:
        sources = [ideas[key] for key in project["sources"]]
        if ProposalLineage.objects.filter(source__in=sources, reverted_at__isnull=True).exists():
            continue
        services.merge_ideas(
            sources=sources,
            data={
                "title": project["title"],
                "summary": project["summary"],
                "solution": project["solution"],
                "theme": theme,
                "territory": territory,
                "estimated_cost": project["cost"],
            },
            by=moderator,
            note=project["note"],
            now=workshop.starts_at + dt.timedelta(days=30),
        )
        tally.record(True, False)


def seed_workshops(tally):
    now = timezone.now()
    facilitator = get_user_model().objects.filter(email=_data["pem"]["facilitator"]).first()
    _pem(tally, facilitator)
    _encuentros(tally, now)
    _comuna(tally, now)

