"""`manage.py seed_demo`: the demo site, with real content from IMPLAN Torreón and Medellín.

The content comes from the YAML files of `demo/data/` (through `demo.content`). What people do
on the site goes through the domain services, each at its date in the call's schedule: groups
are created and joined, proposals created, sent, reviewed and hidden, supports given, technical
evaluations assigned, scored and decided, open-vote ballots cast, execution updates posted. The
services' own dates are then brought to the demo's (created_at fields follow the schedule).

Idempotent: every object is looked up by a natural key (slug, email, name…) and only written
when its content differs from the demo data, so a second run creates no objects and no page
revisions. The schedules of the three open calls are relative to the moment the call is created
and are left alone afterwards (``--refresh-schedules`` recomputes them from now). Passwords are
set when an account is created and only reset with ``--reset-passwords``.
"""

import datetime as dt

from contextlib import contextmanager
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import models, transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.text import slugify
from django_comments_xtd.models import XtdComment
from wagtail.blocks import StreamValue
from wagtail.fields import StreamField
from wagtail.models import GroupPagePermission, Page, Site

from banco.search.indexing import elasticsearch_enabled
from convocatorias.models import CallEvent, CallIndexPage, CallPage, CallPhase, CallTerritory, Territory, Theme
from demo import content
from demo.demographics import seed_demographics
from demo.execution import seed_execution
from demo.indicators import seed_indicators
from demo.workshops import seed_workshops
from talleres.models import Workshop
from demo.notifications import seed_notifications
from demo.plans import seed_plans
from demo import verification
from home.models import HomePage
from portal.models import Capsule, GuideIndexPage, GuidePage, SiteSettings
from portal.roles import ensure_roles
from propuestas import services
from propuestas.lifecycle import Role
from propuestas.models import (
    PROPOSAL_FIELDS,
    GroupMembership,
    Proposal,
    ProposalEvent,
    ProposalGroup,
    Support,
)


# --- comparing and assigning ------------------------------------------------------------------


def _grants():
    """A snapshot of the staff groups' permissions, to tell whether seeding changed them."""
    return (
        set(Group.permissions.through.objects.values_list("group__name", "permission_id")),
        set(GroupPagePermission.objects.values_list("group__name", "page_id", "permission_id")),
    )


def _strip_ids(data):
    """Block data without the generated ``id`` of stream children and list items."""
    if isinstance(data, dict):
        is_child = "type" in data and "value" in data
        return {k: _strip_ids(v) for k, v in data.items() if not (is_child and k == "id")}
    if isinstance(data, (list, tuple)):
        return [_strip_ids(item) for item in data]
    return data


def stream_data(field, value):
    """A StreamField value (StreamValue or raw JSON-ish list) in a comparable, normalised form."""
    if not isinstance(value, StreamValue):
        value = field.stream_block.to_python(value)
    return [
        {"type": child.block_type, "value": _strip_ids(child.block.get_prep_value(child.value))}
        for child in value
    ]


def _same(instance, name, desired):
    field = instance._meta.get_field(name)
    if isinstance(field, StreamField):
        return stream_data(field, getattr(instance, name)) == stream_data(field, desired)
    if isinstance(field, models.ForeignKey):
        return getattr(instance, field.attname) == (desired.pk if desired is not None else None)
    return getattr(instance, name) == desired


def assign(instance, values):
    """Set the fields of `instance` that differ from `values`; return the names changed."""
    changed = []
    for name, desired in values.items():
        if not _same(instance, name, desired):
            setattr(instance, name, desired)
            changed.append(name)
    return changed


def sync_children(page, relation, model, key, rows):
    """Make the child relation `relation` of `page` hold `rows` (dicts of field values), in that
    order. Existing children are matched on `key` and updated in place, so their ids survive.
    Returns True when anything changed (the page then needs a new revision)."""
    manager = getattr(page, relation)
    current = list(manager.all()) if page.pk else []

    def key_of(values_or_obj):
        if isinstance(values_or_obj, dict):
            value = values_or_obj[key]
            return value.pk if isinstance(value, models.Model) else value
        field = model._meta.get_field(key)
        return getattr(values_or_obj, field.attname)

    existing = {key_of(obj): obj for obj in current}
    result, changed = [], False
    for index, values in enumerate(rows):
        obj = existing.pop(key_of(values), None)
        if obj is None:
            obj = model(sort_order=index, **values)
            changed = True
        else:
            if assign(obj, values):
                changed = True
            if obj.sort_order != index:
                obj.sort_order = index
                changed = True
        result.append(obj)
    if existing:
        changed = True
    if changed:
        manager.set(result)
    return changed


class Tally:
    """Counts of what one step did."""

    def __init__(self):
        self.created = self.updated = self.unchanged = 0
        self.notes = []

    def record(self, created, changed):
        if created:
            self.created += 1
        elif changed:
            self.updated += 1
        else:
            self.unchanged += 1

    def __str__(self):
        text = f"{self.created} creados, {self.updated} actualizados, {self.unchanged} sin cambios"
        if self.notes:
            text += " (" + "; ".join(self.notes) + ")"
        return text


@contextmanager
def _without_emails():
    """The demo emails nobody: drop the notifications the block queued for the commit (the
    evaluation services email the authors of the proposals they move on)."""
    connection = transaction.get_connection()
    queued = len(connection.run_on_commit)
    try:
        yield
    finally:
        del connection.run_on_commit[queued:]


# --- the command --------------------------------------------------------------------------------


class Command(BaseCommand):
    help = (
        "Crea o actualiza el sitio de demostración (portada, convocatorias, guías, cápsulas, "
        "ejes, territorios y cuentas de demostración). Se puede ejecutar varias veces."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help=f"Restablece la contraseña de las cuentas de demostración a «{content.DEMO_PASSWORD}».",
        )
        parser.add_argument(
            "--refresh-schedules",
            action="store_true",
            help="Recalcula desde hoy las fases y eventos de las convocatorias abiertas.",
        )

    def handle(self, *args, reset_passwords=False, refresh_schedules=False, **options):
        self.now = timezone.now()
        self.reset_passwords = reset_passwords
        self.refresh_schedules = refresh_schedules
        self.themes = {}
        self.territories = {}
        self.pages = {}
        self.accounts = []
        self.people = {}
        steps = [
            ("Ejes temáticos", self.seed_themes),
            ("Territorios", self.seed_territories),
            ("Portada y sitio", self.seed_home),
            ("Cápsulas del saber", self.seed_capsules),
            ("Aprende: guías pedagógicas", self.seed_guides),
            ("Convocatorias", self.seed_calls),
            ("Configuración del sitio", self.seed_settings),
            ("Grupos y permisos", self.seed_groups),
            ("Cuentas de demostración", self.seed_accounts),
            ("Participantes de demostración", self.seed_participants),
            ("Grupos de trabajo", self.seed_proposal_groups),
            ("Propuestas", self.seed_proposals),
            ("Apoyos", self.seed_supports),
            ("Comentarios", self.seed_comments),
            ("Evaluación técnica", self.seed_evaluation),
            ("Votación concluida: tarjetones", self.seed_voted_proposals),
            ("Votación concluida: papeletas y resultados", self.seed_voted_ballots),
            ("Página de resultados", self.seed_results_page),
            ("Votación abierta: tarjetones", self.seed_open_vote_proposals),
            ("Votación abierta: papeletas", self.seed_open_vote_ballots),
            ("Datos demográficos con consentimiento", seed_demographics),
            ("Seguimiento de la ejecución", seed_execution),
            ("Planes de desarrollo y registro de proyectos", seed_plans),
            ("Padrón y mesa de verificación", self.seed_verification),
            ("Indicadores, monitores y fichas por colonia", seed_indicators),
            ("Talleres y encuentros", self.seed_workshops),
            ("Avisos de demostración", seed_notifications),
        ]
        with transaction.atomic():
            for number, (label, step) in enumerate(steps, start=1):
                tally = Tally()
                step(tally)
                self.stdout.write(f"[{number}/{len(steps)}] {label}: {tally}")
        if elasticsearch_enabled():
            # Counts were updated in bulk above; Elasticsearch gets the bank as it now stands.
            call_command("rebuild_bank_index", stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Datos de demostración listos."))
        self.print_accounts()

    # --- catalogues ---------------------------------------------------------------------------

    def seed_themes(self, tally):
        for slug, name, description in content.THEMES:
            theme = Theme.objects.filter(slug=slug).first()
            created = theme is None
            if created:
                theme = Theme(slug=slug)
            changed = assign(theme, {"name": name, "description": description})
            if created or changed:
                theme.save()
            tally.record(created, changed)
            self.themes[slug] = theme

    def seed_territories(self, tally):
        for municipality, kind, code, name in content.TERRITORIES:
            territory, created = Territory.objects.get_or_create(
                municipality=municipality, kind=kind, name=name, defaults={"code": code}
            )
            changed = not created and assign(territory, {"code": code})
            if changed:
                territory.save()
            tally.record(created, changed)
            self.territories[(municipality, kind, name)] = territory

    # --- pages --------------------------------------------------------------------------------

    def sync_page(self, tally, parent, model, slug, fields, *, themes=None, children=(), page=None):
        """Create or update a published page under `parent`; publish a revision only when the
        content differs. `children` are callables `(page, created) -> changed`."""
        if page is None:
            page = model.objects.child_of(parent).filter(slug=slug).first()
        created = page is None
        if created:
            page = model(slug=slug)
        changed = bool(assign(page, fields))
        if themes is not None:
            desired = [self.themes[s] for s in themes]
            current = [] if created else list(page.themes.all())
            if created or {t.pk for t in current} != {t.pk for t in desired}:
                page.themes.set(desired)
                changed = True
        for sync in children:
            changed = sync(page, created) or changed
        if created:
            parent.add_child(instance=page)
            page.save_revision().publish()
        elif changed:
            page.save_revision().publish()
        tally.record(created, changed)
        return model.objects.get(pk=page.pk)

    def seed_home(self, tally):
        root = Page.get_first_root_node()
        home = HomePage.objects.order_by("path").first()
        fields = {key: value for key, value in content.HOME.items() if key != "slug"}
        self.pages["home"] = home = self.sync_page(
            tally, root, HomePage, content.HOME["slug"], fields, page=home
        )

        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Participa"
            )
            tally.notes.append("sitio creado")
        elif site.root_page_id != home.pk or site.site_name != "Participa":
            site.root_page = home
            site.site_name = "Participa"
            site.save()
            tally.notes.append("portada como raíz del sitio")
        self.site = Site.objects.get(is_default_site=True)

        # Wagtail's "Welcome to your new Wagtail site!" page, once nothing points at it.
        welcome = Page.objects.filter(
            depth=2,
            slug="home",
            numchild=0,
            content_type=ContentType.objects.get_for_model(Page),
        ).exclude(pk__in=Site.objects.values("root_page"))
        for page in welcome:
            page.delete()
            tally.notes.append("página de bienvenida de Wagtail eliminada")

    def seed_guides(self, tally):
        home = self.pages["home"]
        index = GuideIndexPage.objects.order_by("path").first()
        fields = {"title": content.GUIDE_INDEX["title"], "intro": content.GUIDE_INDEX["intro"]}
        self.pages["guides"] = index = self.sync_page(
            tally, home, GuideIndexPage, content.GUIDE_INDEX["slug"], fields, page=index
        )
        for guide in content.GUIDES:
            fields = {"title": guide["title"], "summary": guide["summary"], "body": guide["body"]}
            self.sync_page(tally, index, GuidePage, guide["slug"], fields, themes=guide["themes"])

    def seed_calls(self, tally):
        home = self.pages["home"]
        index = CallIndexPage.objects.order_by("path").first()
        fields = {"title": content.CALL_INDEX["title"], "intro": content.CALL_INDEX["intro"]}
        self.pages["calls"] = index = self.sync_page(
            tally, home, CallIndexPage, content.CALL_INDEX["slug"], fields, page=index
        )
        for spec in content.CALLS:
            self.pages[spec["slug"]] = self.sync_page(
                tally,
                index,
                CallPage,
                spec["slug"],
                {"title": spec["title"], **spec["fields"]},
                themes=spec["themes"],
                children=[
                    self._territories_sync(spec),
                    self._phases_sync(spec),
                    self._events_sync(spec),
                ],
            )

    def _territories_sync(self, spec):
        rows = [
            {"territory": self.territories[key], "budget_ceiling": ceiling}
            for key, ceiling in spec.get("territories", [])
        ]

        def sync(page, created):
            return sync_children(page, "territories", CallTerritory, "territory", rows)

        return sync

    def _schedule_origin(self, spec):
        """Today at midnight in the site's time zone, where relative schedules start from."""
        zone = timezone.get_current_timezone()
        return dt.datetime.combine(timezone.localdate(self.now, zone), dt.time.min, tzinfo=zone)

    def _phases_sync(self, spec):
        if "phases" in spec:  # fixed dates: always kept as in the demo data
            rows = [
                {"kind": kind, "starts_at": starts, "ends_at": ends, "description": description}
                for kind, starts, ends, description in spec["phases"]
            ]
            relative = False
        else:
            origin = self._schedule_origin(spec)
            rows = [
                {
                    "kind": kind,
                    "starts_at": origin + dt.timedelta(days=start),
                    "ends_at": origin + dt.timedelta(days=end),
                    "description": description,
                }
                for kind, start, end, description in spec["relative_phases"]
            ]
            relative = True

        def sync(page, created):
            if relative and not (created or self.refresh_schedules):
                return False
            return sync_children(page, "phases", CallPhase, "kind", rows)

        return sync

    def _events_sync(self, spec):
        if "events" in spec:
            rows = [
                {"title": title, "starts_at": starts, "place": place, "description": description}
                for title, starts, place, description in spec["events"]
            ]
            relative = False
        else:
            origin = self._schedule_origin(spec)
            rows = [
                {
                    "title": title,
                    "starts_at": origin + dt.timedelta(days=day, hours=hour),
                    "place": place,
                    "description": description,
                }
                for title, day, hour, place, description in spec.get("relative_events", [])
            ]
            relative = True

        def sync(page, created):
            if relative and not (created or self.refresh_schedules):
                return False
            return sync_children(page, "events", CallEvent, "title", rows + self._workshop_events(page, rows))

        return sync

    @staticmethod
    def _workshop_events(page, rows):
        """The calendar entries the call's workshops keep (talleres): kept as they are."""
        if not page.pk:
            return []
        titles = {row["title"] for row in rows}
        owned = CallEvent.objects.filter(call=page, pk__in=Workshop.objects.values("call_event")).order_by(
            "sort_order", "pk"
        )
        return [
            {"title": event.title, "starts_at": event.starts_at, "place": event.place, "description": event.description}
            for event in owned
            if event.title not in titles
        ]

    # --- snippets and settings ----------------------------------------------------------------

    def seed_capsules(self, tally):
        for data in content.CAPSULES:
            capsule = Capsule.objects.filter(slug=data["slug"]).first()
            created = capsule is None
            if created:
                capsule = Capsule(slug=data["slug"])
            fields = {
                "kind": data["kind"],
                "title": data["title"],
                "body": data["body"],
                "show_on_home": data.get("show_on_home", True),
                "published_at": data["published_at"],
            }
            changed = bool(assign(capsule, fields))
            if created or changed:
                capsule.full_clean(exclude=["themes"])
                capsule.save()
            desired = {self.themes[slug].pk for slug in data["themes"]}
            if set(capsule.themes.values_list("pk", flat=True)) != desired:
                capsule.themes.set(desired)
                changed = True
            tally.record(created, changed)

    def seed_settings(self, tally):
        created = not SiteSettings.objects.filter(site=self.site).exists()
        settings = SiteSettings.for_site(self.site)
        navigation = [
            {
                "type": "link",
                "value": {
                    "label": label,
                    "label_en": label_en,
                    "page": self.pages[page_key].pk if page_key else None,
                    "url": url,
                },
            }
            for label, label_en, page_key, url in content.NAVIGATION
        ]
        changed = bool(assign(settings, {**content.SITE_SETTINGS, "navigation": navigation}))
        if changed:
            settings.save()
        tally.record(created, changed and not created)

    # --- groups and accounts ------------------------------------------------------------------

    def seed_groups(self, tally):
        """The staff roles, with exactly the permissions `portal.roles` deploys."""
        names = [content.EDITORS_GROUP, content.EVALUATORS_GROUP, content.COORDINATORS_GROUP, content.MODERATORS_GROUP]
        existing = set(Group.objects.filter(name__in=names).values_list("name", flat=True))
        before = _grants()
        ensure_roles()
        changed = _grants() != before
        for name in names:
            tally.record(name not in existing, changed and name in existing)

    def seed_accounts(self, tally):
        User = get_user_model()
        for account in content.ACCOUNTS:
            email = account["email"]
            territory = self.territories[account["territory"]] if "territory" in account else None
            fields = {
                "display_name": account["display_name"],
                "territory": territory,
                "is_staff": account.get("is_staff", False),
                "is_superuser": account.get("is_superuser", False),
                "is_active": True,
            }
            user = User.objects.filter(email__iexact=email).first()
            created = user is None
            if created:
                user = User.objects.create_user(email=email, password=content.DEMO_PASSWORD, **fields)
                status = "creada"
                changed = False
            else:
                changed = bool(assign(user, fields))
                if self.reset_passwords and not user.check_password(content.DEMO_PASSWORD):
                    user.set_password(content.DEMO_PASSWORD)
                    changed = True
                if changed:
                    user.save()
                if self.reset_passwords:
                    status = "contraseña restablecida"
                else:
                    status = "ya existía: contraseña sin cambios (use --reset-passwords)"
            groups = list(Group.objects.filter(name__in=account.get("groups", [])))
            missing = set(groups) - set(user.groups.all())
            if missing:
                user.groups.add(*missing)
                changed = True
            address, address_created = EmailAddress.objects.get_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            if not address_created and not (address.verified and address.primary):
                address.verified = address.primary = True
                address.save(update_fields=["verified", "primary"])
                changed = True
            tally.record(created, changed)
            self.accounts.append((email, account["label"], status))
            self.people[email] = user

    # --- participation: people, groups, proposals, supports, comments --------------------------

    def seed_participants(self, tally):
        """Authors, members, supporters and commenters that cannot sign in (no usable password)."""
        User = get_user_model()
        emails = [person["email"] for person in content.PARTICIPANTS]
        existing = {user.email.lower(): user for user in User.objects.filter(email__in=emails)}
        for person in content.PARTICIPANTS:
            fields = {
                "display_name": person["display_name"],
                "territory": self.territories[person["territory"]],
                "is_active": True,
            }
            user = existing.get(person["email"])
            created = user is None
            changed = False
            if created:
                user = User.objects.create_user(email=person["email"], password=None, **fields)
                # A confirmed address: the services let only confirmed people take part.
                EmailAddress.objects.get_or_create(
                    user=user, email=user.email, defaults={"verified": True, "primary": True}
                )
            elif assign(user, fields):
                user.save()
                changed = True
            tally.record(created, changed)
            self.people[person["email"]] = user

    def seed_proposal_groups(self, tally):
        """The groups and their members; members who joined during a demo are left alone."""
        self.proposal_groups = {}
        names = [spec["name"] for spec in content.PROPOSAL_GROUPS]
        existing = {group.name: group for group in ProposalGroup.objects.filter(name__in=names)}
        memberships = {
            (membership.group_id, membership.user_id): membership
            for membership in GroupMembership.objects.filter(group__in=existing.values())
        }
        for spec in content.PROPOSAL_GROUPS:
            coordinator = self.people[spec["members"][0][0]]
            group = existing.get(spec["name"])
            created = group is None
            changed = False
            if created:
                # Created by its coordinator; the others join with the group's invitation code.
                group = services.create_group(user=coordinator, name=spec["name"], description=spec["description"])
                for email, _role in spec["members"][1:]:
                    services.join_group(user=self.people[email], code=group.join_code)
                memberships.update(
                    {(m.group_id, m.user_id): m for m in GroupMembership.objects.filter(group=group)}
                )
            elif assign(group, {"description": spec["description"], "created_by": coordinator}):
                group.save()
                changed = True
            for email, role in spec["members"]:
                user = self.people[email]
                membership = memberships.get((group.pk, user.pk))
                if membership is None:
                    GroupMembership.objects.create(group=group, user=user, role=role)
                    changed = True
                elif membership.role != role:
                    membership.role = role
                    membership.save(update_fields=["role"])
                    changed = True
            tally.record(created, changed and not created)
            self.proposal_groups[spec["name"]] = group

    def _when(self, call, moment):
        """The instant `(phase kind, days, hour)`: days after that phase of `call` starts."""
        kind, days, hour = moment
        starts = self._phase_starts[call.pk]
        origin = starts.get(kind) or starts["intake"]
        zone = timezone.get_current_timezone()
        local = timezone.localtime(origin, zone)
        day = local.date() + dt.timedelta(days=days)
        return dt.datetime.combine(day, dt.time(hour), tzinfo=zone)

    def _history(self, spec, call):
        """The events the demo proposal has: [(kind, transition, from, to, actor, reason, when)]."""
        status = spec["status"]
        if status == "draft":
            return []
        author = self.people[spec["author"]]
        moderator = self.people[content.MODERATOR_EMAIL]
        submitted = self._when(call, spec["submitted"])
        events = [("status", "submit", "draft", "submitted", author, "", submitted)]
        later = self._when(call, spec["reviewed"]) if "reviewed" in spec else None
        if status in ("admitted", "rejected"):
            transition = "admit" if status == "admitted" else "reject"
            events.append(("status", transition, "submitted", status, moderator, spec.get("reason", ""), later))
        elif status == "withdrawn":
            events.append(("status", "withdraw", "submitted", "withdrawn", author, spec.get("reason", ""), later))
        if spec.get("hidden"):
            current = events[-1][3]
            events.append(("hidden", "", current, current, moderator, spec["hidden"], later))
        return events

    def _new_proposal(self, spec, call, fields, history):
        """A demo proposal as its author and the moderators made it, through the proposal
        services, each step at its date in the call's schedule: created (a draft), sent (it gets
        its reference), admitted, rejected or withdrawn, hidden. No email leaves."""
        author = fields["author"]
        data = {name: fields.get(name) for name in PROPOSAL_FIELDS}
        data["title"] = spec["title"]
        created_at = history[0][6] if history else self._when(call, spec["created"])
        with _without_emails():
            proposal = services.create_proposal(
                author=author, call=call, data=data, group=fields["group"], now=created_at
            )
            for kind, transition, _from, _to, actor, reason, when in history:
                if kind == "hidden":
                    proposal = services.set_hidden(proposal=proposal, user=actor, hidden=True, reason=reason)
                elif transition == "submit":
                    proposal = services.submit_proposal(proposal=proposal, user=actor, now=when)
                elif transition == "withdraw":
                    proposal = services.withdraw_proposal(proposal=proposal, user=actor, reason=reason)
                else:
                    proposal = services.transition_proposal(
                        proposal=proposal, name=transition, user=actor, reason=reason, now=when
                    )
        return Proposal.objects.get(pk=proposal.pk)

    def seed_proposals(self, tally):
        """Create the demo proposals with their history; on later runs only their texts and dates
        are brought back to the demo data (their status may have changed during a demo)."""
        self.calls = {spec["slug"]: self.pages[spec["slug"]] for spec in content.CALLS}
        self._phase_starts = {}
        for phase in CallPhase.objects.filter(call__in=self.calls.values()):
            self._phase_starts.setdefault(phase.call_id, {})[phase.kind] = phase.starts_at
        existing = {
            (proposal.call_id, proposal.title): proposal
            for proposal in Proposal.objects.filter(
                call__in=self.calls.values(), title__in=[spec["title"] for spec in content.PROPOSALS]
            )
        }
        events = {}
        for event in ProposalEvent.objects.filter(proposal__in=existing.values()):
            events.setdefault(event.proposal_id, []).append(event)
        self.proposals = {}

        def first_date(spec):
            call = self.calls[spec["call"]]
            return self._when(call, spec.get("submitted") or spec["created"])

        dated_updates = []
        # In date order, so that references grow with the submission date.
        for spec in sorted(content.PROPOSALS, key=first_date):
            call = self.calls[spec["call"]]
            history = self._history(spec, call)
            created_at = history[0][6] if history else self._when(call, spec["created"])
            latitude, longitude = spec.get("location") or (None, None)
            fields = {
                "summary": spec["summary"],
                "problem": spec["problem"],
                "solution": spec["solution"],
                "beneficiaries_count": spec["beneficiaries"][0],
                "beneficiaries_description": spec["beneficiaries"][1],
                "theme": self.themes[spec["theme"]],
                "territory": self.territories[spec["territory"]],
                "estimated_cost": spec["cost"],
                "address": spec.get("address", ""),
                "latitude": Decimal(latitude) if latitude else None,
                "longitude": Decimal(longitude) if longitude else None,
                "author": self.people[spec["author"]],
                "group": self.proposal_groups[spec["group"]] if spec.get("group") else None,
            }
            proposal = existing.get((call.pk, spec["title"]))
            created = proposal is None
            changed = False
            if created:
                proposal = self._new_proposal(spec, call, fields, history)
                current = list(ProposalEvent.objects.filter(proposal=proposal))
            else:
                if assign(proposal, fields):
                    proposal.save()
                    changed = True
                current = events.get(proposal.pk, [])
            # Dates follow the call's schedule: compare them with what is stored.
            desired = {"created_at": created_at}
            if history and proposal.submitted_at is not None:
                desired["submitted_at"] = history[0][6]
            stale = {name: value for name, value in desired.items() if getattr(proposal, name) != value}
            if stale:
                stale["updated_at"] = history[-1][6] if history else created_at
                Proposal.objects.filter(pk=proposal.pk).update(**stale)
                for name, value in stale.items():
                    setattr(proposal, name, value)
                changed = True
            for kind, transition, _from, to_status, _actor, _reason, when in history:
                event = next(
                    (e for e in current if e.kind == kind and e.transition == transition and e.to_status == to_status),
                    None,
                )
                if event is not None and event.created_at != when:
                    event.created_at = when
                    dated_updates.append(event)
                    changed = True
            tally.record(created, changed and not created)
            self.proposals[(spec["call"], spec["title"])] = proposal
        if dated_updates:
            ProposalEvent.objects.bulk_update(dated_updates, ["created_at"])

    def seed_supports(self, tally):
        """Supports given one day apart in the call's supports phase; the counts follow them."""
        specs = [spec for spec in content.PROPOSALS if spec.get("supporters")]
        proposals = [self.proposals[(spec["call"], spec["title"])] for spec in specs]
        existing = {
            (support.proposal_id, support.user_id): support
            for support in Support.objects.filter(proposal__in=proposals)
        }
        dated = []
        for spec, proposal in zip(specs, proposals):
            call = self.calls[spec["call"]]
            for index, email in enumerate(spec["supporters"]):
                user = self.people[email]
                when = self._when(call, ("supports", index, 10 + index))
                support = existing.get((proposal.pk, user.pk))
                created = support is None
                if created:
                    services.support_proposal(proposal=proposal, user=user, now=when)
                    support = Support.objects.get(proposal=proposal, user=user)
                if support.created_at != when:
                    support.created_at = when
                    dated.append(support)
                tally.record(created, not created and support in dated)
        if dated:
            Support.objects.bulk_update(dated, ["created_at"])
        # supports_count is what the lists show: keep it equal to the supports on record.
        wrong = Proposal.objects.filter(pk__in=[p.pk for p in self.proposals.values()]).annotate(
            real=Count("supports")
        ).exclude(supports_count=F("real"))
        for proposal in wrong:
            Proposal.objects.filter(pk=proposal.pk).update(supports_count=proposal.real)

    def seed_comments(self, tally):
        """Threaded comments (replies up to three levels), keyed by proposal, person and text."""
        from django.contrib.sites.models import Site as CommentsSite

        from propuestas.comments import proposal_content_type, refresh_comments_count

        content_type = proposal_content_type()
        site = CommentsSite.objects.get(pk=django_settings.SITE_ID)
        specs = [spec for spec in content.PROPOSALS if spec.get("comments")]
        proposals = [self.proposals[(spec["call"], spec["title"])] for spec in specs]
        existing = {
            (comment.object_pk, comment.user_id, comment.comment): comment
            for comment in XtdComment.norel_objects.filter(
                content_type=content_type, object_pk__in=[str(p.pk) for p in proposals]
            )
        }
        touched = set()

        def sync(proposal, call, items, parent):
            for item in items:
                user = self.people[item["by"]]
                when = self._when(call, item["at"])
                comment = existing.get((str(proposal.pk), user.pk, item["text"]))
                created = comment is None
                changed = False
                if created:
                    comment = XtdComment.objects.create(
                        content_type=content_type,
                        object_pk=str(proposal.pk),
                        site=site,
                        user=user,
                        user_name=str(user.public_name),
                        user_email=user.email,
                        comment=item["text"],
                        submit_date=when,
                        is_public=True,
                        parent_id=parent.pk if parent else 0,
                    )
                    touched.add(proposal.pk)
                elif comment.submit_date != when:
                    XtdComment.norel_objects.filter(pk=comment.pk).update(submit_date=when)
                    changed = True
                tally.record(created, changed)
                sync(proposal, call, item["replies"], comment)

        for spec, proposal in zip(specs, proposals):
            sync(proposal, self.calls[spec["call"]], spec["comments"], None)
        # The signal handlers keep the count; make sure of it for the proposals written here.
        for pk in touched:
            refresh_comments_count(pk)

    # --- technical evaluation (SESP): criteria, assignments, scores, decisions -----------------

    def seed_evaluation(self, tally):
        """The technical evaluation of the Medellín call, through the evaluation services.

        The call's default criteria; every admitted proposal assigned to two evaluators; most
        evaluations submitted, a few pending for the demo evaluator; notes, decisions, and the
        decided proposals moved on (shortlisted or not viable, with a public evaluation sheet).
        What a demo changed afterwards (an evaluation submitted, a decision) is left alone; the
        dates follow the call's schedule.
        """
        from evaluacion import services as evaluation
        from evaluacion.models import EvaluationAssignment, EvaluationDecision, EvaluationNote

        User = get_user_model()
        call = self.pages[content.EVALUATION_CALL]
        # Read again: the coordinator's permission cache predates the groups given this run.
        coordinator = User.objects.get(email__iexact=content.COORDINATOR_EMAIL)
        second = self._second_evaluator(tally)
        staff = {
            content.COORDINATOR_EMAIL: coordinator,
            content.EVALUATOR_EMAIL: User.objects.get(email__iexact=content.EVALUATOR_EMAIL),
            content.SECOND_EVALUATOR_EMAIL: second,
        }

        had_criteria = call.criteria.exists()
        criteria = evaluation.ensure_default_criteria(call)
        for _criterion in criteria:
            tally.record(not had_criteria, False)
        scorable = len(criteria) == len(evaluation.DEFAULT_CRITERIA)
        if not scorable:
            tally.notes.append("criterios cambiados: no se puntúan evaluaciones")

        def when(day, hour):
            return self._when(call, ("technical_evaluation", day, hour))

        stage = evaluation.evaluation_stage_states(call)
        proposals = {
            proposal.title: proposal
            for proposal in Proposal.objects.filter(call=call, title__in=[s["title"] for s in content.EVALUATIONS])
        }
        assignments = {
            (a.proposal_id, a.evaluator_id): a
            for a in EvaluationAssignment.objects.filter(proposal__in=proposals.values())
        }
        notes = {
            (note.proposal_id, note.author_id, note.text): note
            for note in EvaluationNote.objects.filter(proposal__in=proposals.values())
        }
        decisions = {d.proposal_id: d for d in EvaluationDecision.objects.filter(proposal__in=proposals.values())}
        to_move = []
        for spec in content.EVALUATIONS:
            proposal = proposals.get(spec["title"])
            if proposal is None:
                continue
            in_stage = proposal.status in stage and not proposal.hidden
            due = timezone.localdate(when(spec.get("due_day", content.EVALUATION_DUE_DAY), 9))
            assigned_at = when(content.EVALUATION_ASSIGNED_DAY, 9)
            for email, scored in spec["evaluations"].items():
                evaluator = staff[email]
                assignment = assignments.get((proposal.pk, evaluator.pk))
                created = assignment is None
                changed = False
                if created:
                    if not in_stage:
                        continue
                    evaluation.assign(proposals=[proposal], evaluators=[evaluator], due_date=due, user=coordinator)
                    assignment = EvaluationAssignment.objects.get(proposal=proposal, evaluator=evaluator)
                pending = assignment.status == EvaluationAssignment.Status.ASSIGNED
                if scored and pending and scorable and proposal.pk not in decisions:
                    evaluation.save_evaluation(
                        assignment=assignment,
                        user=evaluator,
                        scores={c.pk: entry for c, entry in zip(criteria, scored["scores"])},
                        validated_cost=scored["cost"],
                        cost_explanation=scored.get("cost_explanation", ""),
                        execution_months=scored["months"],
                        submit=True,
                    )
                    assignment.refresh_from_db()
                    changed = True
                desired = {"assigned_at": assigned_at, "due_date": due}
                if scored and assignment.status == EvaluationAssignment.Status.SUBMITTED:
                    desired["submitted_at"] = when(scored["day"], 11)
                stale = {name: value for name, value in desired.items() if getattr(assignment, name) != value}
                if stale:
                    EvaluationAssignment.objects.filter(pk=assignment.pk).update(**stale)
                    changed = True
                tally.record(created, changed and not created)

            for email, text, day in spec.get("notes", []):
                author = staff[email]
                note = notes.get((proposal.pk, author.pk, text))
                created = note is None
                if created:
                    note = evaluation.add_note(proposal=proposal, user=author, text=text)
                stale = note.created_at != when(day, 12)
                if stale:
                    EvaluationNote.objects.filter(pk=note.pk).update(created_at=when(day, 12))
                tally.record(created, stale and not created)

            wanted = spec.get("decision")
            if wanted:
                decision = decisions.get(proposal.pk)
                created = decision is None
                if created:
                    if not in_stage:
                        continue
                    decision = evaluation.decide(
                        proposal=proposal,
                        user=coordinator,
                        viable=wanted["viable"],
                        validated_cost=wanted.get("cost"),
                        explanation=wanted["explanation"],
                    )
                    decisions[proposal.pk] = decision
                stale = decision.decided_at != when(wanted["day"], 10)
                if stale:
                    EvaluationDecision.objects.filter(pk=decision.pk).update(decided_at=when(wanted["day"], 10))
                tally.record(created, stale and not created)
                if spec.get("move_on"):
                    to_move.append(proposal)

        # Move the decided proposals on (shortlisted or not viable); the demo emails nobody.
        pending = [p for p in to_move if p.status in stage and decisions[p.pk].published_at is None]
        if pending:
            with _without_emails():
                moved = evaluation.move_on(call=call, user=coordinator, proposals=pending)
            tally.notes.append(f"{len(moved)} propuestas avanzadas con su cédula publicada")
        moved_at = when(content.EVALUATION_MOVED_DAY, 12)
        published = EvaluationDecision.objects.filter(proposal__in=to_move, published_at__isnull=False)
        stale = published.exclude(published_at=moved_at)
        ids = list(published.values_list("proposal_id", flat=True))
        if stale.exists():
            stale.update(published_at=moved_at)
            tally.notes.append("fechas de publicación ajustadas")
        ProposalEvent.objects.filter(
            proposal_id__in=ids, transition__in=["shortlist", "declare_not_viable"], actor=coordinator
        ).exclude(created_at=moved_at).update(created_at=moved_at)
        Proposal.objects.filter(pk__in=ids, status__in=["shortlisted", "not_viable"]).exclude(
            updated_at=moved_at
        ).update(updated_at=moved_at)

    def _second_evaluator(self, tally):
        """Staff evaluator who cannot sign in (no usable password), in the Evaluadores group."""
        User = get_user_model()
        spec = content.SECOND_EVALUATOR
        fields = {"display_name": spec["display_name"], "is_staff": True, "is_active": True}
        user = User.objects.filter(email__iexact=spec["email"]).first()
        created = user is None
        changed = False
        if created:
            user = User.objects.create_user(email=spec["email"], password=None, **fields)
        elif assign(user, fields):
            user.save()
            changed = True
        if not user.groups.filter(name=content.EVALUATORS_GROUP).exists():
            user.groups.add(Group.objects.get(name=content.EVALUATORS_GROUP))
            changed = True
        tally.record(created, changed and not created)
        return user

    # --- a concluded vote: proposals on the ballot, ballots, results ---------------------------

    def seed_voted_proposals(self, tally):
        """The projects on the ballots of the concluded vote, with their history up to the ballot.

        After the count each one is selected or not (set by `seed_voted_ballots`); a later run
        leaves the status alone and brings texts and dates back to the demo data.
        """
        self.voted = self._ballot_proposals(tally, content.VOTED_CALL, content.VOTED_PROPOSALS)

    def _ballot_proposals(self, tally, call_spec, specs):
        """Shortlisted projects of `call_spec` (submitted, admitted, shortlisted after the
        evaluation) from `specs`; a later run brings texts and dates back. Returns {key: proposal}."""
        call = self.pages[call_spec["slug"]]
        starts = {phase.kind: phase.starts_at for phase in call.phases.all()}
        self._phase_starts.setdefault(call.pk, {}).update(starts)
        existing = {
            proposal.title: proposal
            for proposal in Proposal.objects.filter(call=call, title__in=[s["title"] for s in specs])
        }
        moderator = self.people[content.MODERATOR_EMAIL]
        evaluator = get_user_model().objects.filter(email="evaluador@participa.test").first()
        result = {}
        dated = []
        for index, spec in enumerate(specs):
            author = self.people[spec["author"]]
            submitted = self._when(call, ("intake", 5 + index * 3, 10))
            admitted = self._when(call, ("review", 2, 9 + index % 6))
            shortlisted = self._when(call, ("technical_evaluation", 10 + index, 11))
            fields = {
                "summary": spec["summary"],
                "problem": spec["problem"],
                "solution": spec["solution"],
                "beneficiaries_count": spec["beneficiaries"][0],
                "beneficiaries_description": spec["beneficiaries"][1],
                "theme": self.themes[spec["theme"]],
                "territory": self.territories[spec["territory"]],
                "estimated_cost": spec["cost"],
                "author": author,
            }
            proposal = existing.get(spec["title"])
            created = proposal is None
            changed = False
            history = [
                ("submit", "draft", "submitted", author, submitted),
                ("admit", "submitted", "admitted", moderator, admitted),
                ("shortlist", "admitted", "shortlisted", evaluator, shortlisted),
            ]
            if created:
                # Through the services: sent and admitted at their dates, then shortlisted as the
                # evaluation's move-on does it (evaluator role).
                data = {name: fields.get(name) for name in PROPOSAL_FIELDS}
                data["title"] = spec["title"]
                with _without_emails():
                    proposal = services.create_proposal(author=author, call=call, data=data, now=submitted)
                    services.submit_proposal(proposal=proposal, user=author, now=submitted)
                    services.admit_proposal(proposal=proposal, user=moderator, now=admitted)
                    services.transition_proposal(
                        proposal=proposal, name="shortlist", user=evaluator, roles={Role.EVALUATOR}
                    )
                proposal = Proposal.objects.get(pk=proposal.pk)
            elif assign(proposal, fields):
                proposal.save()
                changed = True
            if proposal.submitted_at != submitted or proposal.created_at != submitted:
                Proposal.objects.filter(pk=proposal.pk).update(created_at=submitted, submitted_at=submitted)
                proposal.submitted_at = proposal.created_at = submitted
                changed = True
            dated.append((proposal, {t: when for t, _f, _to, _a, when in history}))
            tally.record(created, changed and not created)
            result[spec["key"]] = proposal
        updates = []
        for event in ProposalEvent.objects.filter(proposal__in=[p for p, _ in dated], transition__in=["submit", "admit", "shortlist"]):
            when = next(dates for p, dates in dated if p.pk == event.proposal_id).get(event.transition)
            if when and event.created_at != when:
                event.created_at = when
                updates.append(event)
        if updates:
            ProposalEvent.objects.bulk_update(updates, ["created_at"])
        return result

    def seed_voted_ballots(self, tally):
        """Ballots cast online, with workshop codes and on paper through the voting services, at
        their dates inside the vote, then the count (equal shares).

        A box that already has ballots is left as it is; a box without a stored count is counted.
        """
        from votaciones import services as voting
        from votaciones.models import Ballot, BoxResult
        from votaciones.services import box_for, voting_phase
        from votaciones.tally import tally_box

        call = self.pages[content.VOTED_CALL["slug"]]
        phase = voting_phase(call)
        User = get_user_model()
        editor = User.objects.filter(email="editor@participa.test").first()
        for key, groups in content.VOTED_BALLOTS.items():
            territory = self.territories[key]
            box = box_for(call=call, territory=territory)
            box.call = call
            if not Ballot.objects.filter(box=box).exists():
                name, place, day = content.VOTED_SESSIONS[key]
                held = phase.starts_at + dt.timedelta(days=day)
                session = voting.create_session(
                    box=box, user=editor, name=name, place=place, held_on=timezone.localdate(held)
                )
                online, coded, paper = [], [], []
                for count, keys in groups:
                    chosen = {self.voted[k].pk: 1 for k in keys}
                    n_online = count * 60 // 100
                    n_code = count * 25 // 100
                    online += [chosen] * n_online
                    coded += [chosen] * n_code
                    paper += [chosen] * (count - n_online - n_code)
                # Online voters: generated citizens of the territory who cannot sign in; they
                # confirmed their address to vote.
                people = []
                for voter_number, _ballot in enumerate(online, start=1):
                    first = content.VOTER_FIRST_NAMES[voter_number % len(content.VOTER_FIRST_NAMES)]
                    last = content.VOTER_LAST_NAMES[(voter_number * 7) % len(content.VOTER_LAST_NAMES)]
                    email = f"votante{voter_number:03d}.{slugify(territory.name)}@participa.test"
                    user = User.objects.filter(email=email).first()
                    if user is None:
                        user = User(email=email, display_name=f"{first} {last}", territory=territory, is_active=True)
                        user.set_unusable_password()
                    people.append(user)
                User.objects.bulk_create([u for u in people if u.pk is None])
                people = list(User.objects.filter(email__in=[u.email for u in people]).order_by("email"))
                confirmed = set(
                    EmailAddress.objects.filter(user__in=people, verified=True).values_list("user_id", flat=True)
                )
                EmailAddress.objects.bulk_create(
                    [
                        EmailAddress(user=user, email=user.email, verified=True, primary=True)
                        for user in people
                        if user.pk not in confirmed
                    ]
                )
                # Online over the vote's first days, then the workshop: codes, then paper.
                online_at = phase.starts_at + dt.timedelta(days=3)
                rules = voting.rules_for(box)
                for user, chosen in zip(people, online):
                    # `ballots=[]`: a generated voter of this box has voted nowhere yet.
                    voting.cast_online_ballot(
                        box=box, user=user, choices=chosen, now=online_at, rules=rules, ballots=[]
                    )
                if coded:
                    codes = voting.generate_codes(session=session, count=len(coded), user=editor, now=held)
                    for text, chosen in zip(codes, coded):
                        voting.cast_code_ballot(text=text, choices=chosen, now=held)
                if paper:
                    voting.record_paper_ballots(session=session, ballots=paper, user=editor, now=held)
                Ballot.objects.filter(box=box, channel=Ballot.Channel.ONLINE).update(
                    created_at=online_at, updated_at=online_at
                )
                Ballot.objects.filter(box=box, session=session).update(created_at=held, updated_at=held)
                BoxResult.objects.filter(box=box).delete()
                tally.record(True, False)
            else:
                tally.record(False, False)
            result = BoxResult.objects.filter(box=box).first()
            if result is None:
                result = tally_box(box, user=editor, now=phase.ends_at + dt.timedelta(hours=1), apply=False)
                tally.notes.append(f"{territory.name}: resultado calculado")
            self._apply_voted_result(call, result, phase.ends_at + dt.timedelta(hours=1))

    def _apply_voted_result(self, call, result, when):
        """Selected or not selected as the count says, with the event dated at the count."""
        wanted = {entry["id"]: ("selected" if entry["selected"] else "not_selected") for entry in result.projects}
        for proposal in Proposal.objects.filter(pk__in=wanted, status__in=["shortlisted", "selected", "not_selected"]):
            status = wanted[proposal.pk]
            if proposal.status == status:
                continue
            transition = "select" if status == "selected" else "not_select"
            event = ProposalEvent.objects.create(
                proposal=proposal, transition=transition, from_status=proposal.status, to_status=status, actor=None
            )
            ProposalEvent.objects.filter(pk=event.pk).update(created_at=when)
            Proposal.objects.filter(pk=proposal.pk).update(status=status, updated_at=when)

    def seed_results_page(self, tally):
        from votaciones.models import ResultsPage

        spec = content.VOTED_RESULTS_PAGE
        fields = {
            "title": spec["title"],
            "summary": spec["summary"],
            "call": self.pages[content.VOTED_CALL["slug"]],
            "body": spec["body"],
        }
        self.pages["results"] = self.sync_page(tally, self.pages["calls"], ResultsPage, spec["slug"], fields)

    # --- an open vote: ballots of two colonias, voting now ------------------------------------

    def seed_open_vote_proposals(self, tally):
        """The projects on the knapsack ballots of the open vote (shortlisted after evaluation)."""
        self.open_vote = self._ballot_proposals(tally, content.OPEN_VOTE_CALL, content.OPEN_VOTE_PROPOSALS)

    def seed_open_vote_ballots(self, tally):
        """A few online ballots of generated citizens, so that the open vote has counts (hidden
        until the close), cast through the voting service a few hours apart over the vote's first
        days. Each generated voter votes once; ballots cast during a demo stay."""
        from votaciones.models import Ballot
        from votaciones.services import box_for, cast_online_ballot, rules_for, voting_phase

        User = get_user_model()
        call = self.pages[content.OPEN_VOTE_CALL["slug"]]
        phase = voting_phase(call)
        for key, groups in content.OPEN_VOTE_BALLOTS.items():
            territory = self.territories[key]
            box = box_for(call=call, territory=territory)
            wanted = [[self.open_vote[k] for k in keys] for count, keys in groups for _ in range(count)]
            emails = [
                f"votante{number:03d}.{slugify(territory.name)}@participa.test"
                for number in range(1, len(wanted) + 1)
            ]
            people = {user.email: user for user in User.objects.filter(email__in=emails)}
            missing = []
            for number, email in enumerate(emails, start=1):
                if email not in people:
                    first = content.VOTER_FIRST_NAMES[number % len(content.VOTER_FIRST_NAMES)]
                    last = content.VOTER_LAST_NAMES[(number * 5) % len(content.VOTER_LAST_NAMES)]
                    user = User(email=email, display_name=f"{first} {last}", territory=territory, is_active=True)
                    user.set_unusable_password()
                    missing.append(user)
            if missing:
                User.objects.bulk_create(missing)
                people = {user.email: user for user in User.objects.filter(email__in=emails)}
                # They confirmed their address to vote.
                EmailAddress.objects.bulk_create(
                    [
                        EmailAddress(user=people[user.email], email=user.email, verified=True, primary=True)
                        for user in missing
                    ]
                )
            voted = set(Ballot.objects.filter(box=box, voter__email__in=emails).values_list("voter_id", flat=True))
            voted_elsewhere = set(
                Ballot.objects.filter(exclusive_call=call, voter__email__in=emails).values_list("voter_id", flat=True)
            )
            rules = rules_for(box)
            dated = []
            for number, (email, chosen) in enumerate(zip(emails, wanted), start=1):
                user = people[email]
                if user.pk in voted:
                    tally.record(False, False)
                    continue
                # Cast over the first days of the vote, a few hours apart.
                cast_at = min(phase.starts_at + dt.timedelta(hours=8 + 3 * number), self.now)
                ballot, _receipt = cast_online_ballot(
                    box=box,
                    user=user,
                    choices={proposal.pk: 1 for proposal in chosen},
                    now=cast_at,
                    rules=rules,
                    # Known to have no ballot in this call: the service inserts at once.
                    ballots=None if user.pk in voted_elsewhere else [],
                )
                ballot.created_at = ballot.updated_at = cast_at
                dated.append(ballot)
                tally.record(True, False)
            if dated:
                Ballot.objects.bulk_update(dated, ["created_at", "updated_at"])

    def seed_workshops(self, tally):
        # Publishing a workshop tells the followers of its territory (avisos, after the commit):
        # the demo emails nobody.
        with _without_emails():
            seed_workshops(tally)

    def seed_verification(self, tally):
        """A synthetic census of every territory and the desk's account (demo/verification.py)."""
        from verificacion.models import CensusImport

        existed = CensusImport.objects.filter(scope=verification.SCOPE, status=CensusImport.Status.ACTIVE).exists()
        self.verification_notes = verification.seed(password=content.DEMO_PASSWORD)
        tally.record(not existed, False)
        self.accounts.append((verification.DESK_EMAIL, "Verificación (padrón y mesa)", "activa"))

    def print_accounts(self):
        headers = ("Correo", "Contraseña", "Rol", "Estado")
        rows = [(email, content.DEMO_PASSWORD, label, status) for email, label, status in self.accounts]
        widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]

        def line(cells):
            return "  ".join(str(cell).ljust(width) for cell, width in zip(cells, widths)).rstrip()

        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Cuentas de demostración"))
        self.stdout.write(line(headers))
        self.stdout.write(line("-" * width for width in widths))
        for row in rows:
            self.stdout.write(line(row))
        for note in getattr(self, "verification_notes", []):
            self.stdout.write(note)
