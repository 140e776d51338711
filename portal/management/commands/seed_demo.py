"""`manage.py seed_demo`: the demo site, with real content from IMPLAN Torreón and Medellín.

Idempotent: every object is looked up by a natural key (slug, email, name…) and only written
when its content differs from the demo data, so a second run creates no objects and no page
revisions. The schedules of the two open calls are relative to the moment the call is created
and are left alone afterwards (``--refresh-schedules`` recomputes them from now). Passwords are
set when an account is created and only reset with ``--reset-passwords``.
"""

import datetime as dt

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db import models, transaction
from django.utils import timezone
from wagtail.blocks import StreamValue
from wagtail.fields import StreamField
from wagtail.models import GroupPagePermission, Page, Site

from convocatorias.models import CallEvent, CallIndexPage, CallPage, CallPhase, CallTerritory, Territory, Theme
from home.models import HomePage
from portal import demo
from portal.models import Capsule, GuideIndexPage, GuidePage, SiteSettings
from portal.roles import ensure_roles


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
            help=f"Restablece la contraseña de las cuentas de demostración a «{demo.DEMO_PASSWORD}».",
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
        ]
        with transaction.atomic():
            for number, (label, step) in enumerate(steps, start=1):
                tally = Tally()
                step(tally)
                self.stdout.write(f"[{number}/{len(steps)}] {label}: {tally}")
        self.stdout.write(self.style.SUCCESS("Datos de demostración listos."))
        self.print_accounts()

    # --- catalogues ---------------------------------------------------------------------------

    def seed_themes(self, tally):
        for slug, name, description in demo.THEMES:
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
        for municipality, kind, code, name in demo.TERRITORIES:
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
        fields = {key: value for key, value in demo.HOME.items() if key != "slug"}
        self.pages["home"] = home = self.sync_page(
            tally, root, HomePage, demo.HOME["slug"], fields, page=home
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
        fields = {"title": demo.GUIDE_INDEX["title"], "intro": demo.GUIDE_INDEX["intro"]}
        self.pages["guides"] = index = self.sync_page(
            tally, home, GuideIndexPage, demo.GUIDE_INDEX["slug"], fields, page=index
        )
        for guide in demo.GUIDES:
            fields = {"title": guide["title"], "summary": guide["summary"], "body": guide["body"]}
            self.sync_page(tally, index, GuidePage, guide["slug"], fields, themes=guide["themes"])

    def seed_calls(self, tally):
        home = self.pages["home"]
        index = CallIndexPage.objects.order_by("path").first()
        fields = {"title": demo.CALL_INDEX["title"], "intro": demo.CALL_INDEX["intro"]}
        self.pages["calls"] = index = self.sync_page(
            tally, home, CallIndexPage, demo.CALL_INDEX["slug"], fields, page=index
        )
        for spec in demo.CALLS:
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
            return sync_children(page, "events", CallEvent, "title", rows)

        return sync

    # --- snippets and settings ----------------------------------------------------------------

    def seed_capsules(self, tally):
        for data in demo.CAPSULES:
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
                    "page": self.pages[page_key].pk if page_key else None,
                    "url": url,
                },
            }
            for label, page_key, url in demo.NAVIGATION
        ]
        changed = bool(assign(settings, {**demo.SITE_SETTINGS, "navigation": navigation}))
        if changed:
            settings.save()
        tally.record(created, changed and not created)

    # --- groups and accounts ------------------------------------------------------------------

    def seed_groups(self, tally):
        """The staff roles, with exactly the permissions `portal.roles` deploys."""
        names = [demo.EDITORS_GROUP, demo.EVALUATORS_GROUP]
        existing = set(Group.objects.filter(name__in=names).values_list("name", flat=True))
        before = _grants()
        ensure_roles()
        changed = _grants() != before
        for name in names:
            tally.record(name not in existing, changed and name in existing)

    def seed_accounts(self, tally):
        User = get_user_model()
        for account in demo.ACCOUNTS:
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
                user = User.objects.create_user(email=email, password=demo.DEMO_PASSWORD, **fields)
                status = "creada"
                changed = False
            else:
                changed = bool(assign(user, fields))
                if self.reset_passwords and not user.check_password(demo.DEMO_PASSWORD):
                    user.set_password(demo.DEMO_PASSWORD)
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

    def print_accounts(self):
        headers = ("Correo", "Contraseña", "Rol", "Estado")
        rows = [(email, demo.DEMO_PASSWORD, label, status) for email, label, status in self.accounts]
        widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]

        def line(cells):
            return "  ".join(str(cell).ljust(width) for cell, width in zip(cells, widths)).rstrip()

        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Cuentas de demostración"))
        self.stdout.write(line(headers))
        self.stdout.write(line("-" * width for width in widths))
        for row in rows:
            self.stdout.write(line(row))
