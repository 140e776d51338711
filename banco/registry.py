"""The registry of projects that did not come through a citizen call (institutional, strategic,
from a local development plan, municipal programmes): the institute's memory of every project.

A registry project is a `propuestas.Proposal` row with an `origin` other than a citizen call and
no call (`banco.models.RegistryProject` is its proxy, with the registry's permissions). So the bank's
search, facets, map, statistics, exports and API include it beside the proposals, marked by its
origin; supports, comments, phases and review do not apply to it (`propuestas.rules`).

- `clean_project()` checks a project's fields (the form and the importer share it) and returns
  them cleaned or a dict of Spanish errors;
- `register_project()` / `update_project()` write one (keyword-only, one transaction), and record
  its history as `ProposalEvent`s (registered, status changes); execution updates are the bank's
  own (`execution.post_update`);
- `submitted_at` of a registry project is the moment it was registered, or the 1 January of its
  year when that year is past: the bank's year facet and orders then place it in its year.

Who: staff holding `banco.add_registryproject` register, `banco.change_registryproject` edit,
`banco.import_registry` import (Editors and superusers, see `portal.roles`).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.errors import ActionRefused
from propuestas.lifecycle import State
from propuestas.models import Proposal, ProposalEvent

REGISTER_PERMISSION = "banco.add_registryproject"
CHANGE_PERMISSION = "banco.change_registryproject"
VIEW_PERMISSION = "banco.view_registryproject"
IMPORT_PERMISSION = "banco.import_registry"

REGISTRY_ORIGINS = tuple(value for value in Proposal.Origin.values if value != Proposal.Origin.CITIZEN)
#: The states a registry project may be in (public ones: a registry project is never a draft).
REGISTRY_STATUSES = (
    State.SUBMITTED.value,
    State.ADMITTED.value,
    State.NOT_VIABLE.value,
    State.SELECTED.value,
    State.NOT_SELECTED.value,
    State.IN_EXECUTION.value,
    State.COMPLETED.value,
)
CURRENCIES = ("MXN", "COP", "USD")
FIRST_YEAR = 1990
MAX_COST = 10**13
#: Labels of the registry's states as staff write them in files (besides the values themselves).
STATUS_ALIASES = {
    "registrado": State.SUBMITTED.value,
    "registrada": State.SUBMITTED.value,
    "propuesto": State.SUBMITTED.value,
    "aprobado": State.SELECTED.value,
    "programado": State.SELECTED.value,
    "en ejecucion": State.IN_EXECUTION.value,
    "terminado": State.COMPLETED.value,
    "concluido": State.COMPLETED.value,
    "no aprobado": State.NOT_SELECTED.value,
    "no viable": State.NOT_VIABLE.value,
}
TEXT_LIMITS = {
    "title": 150,
    "summary": 280,
    "problem": 5000,
    "solution": 5000,
    "responsible_office": 200,
    "funding_source": 200,
    "external_reference": 60,
    "address": 250,
    "beneficiaries_description": 300,
}
_REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")


def may_register(user):
    return _has(user, REGISTER_PERMISSION)


def may_change(user):
    return _has(user, CHANGE_PERMISSION)


def may_view(user):
    return _has(user, VIEW_PERMISSION) or _has(user, CHANGE_PERMISSION) or _has(user, REGISTER_PERMISSION)


def may_import(user):
    return _has(user, IMPORT_PERMISSION)


def _has(user, permission):
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(permission))


def _fold(text):
    from verificacion.census import plain

    return plain(text)


def status_of(value):
    """The registry state a cell or form value names (value or Spanish label), or None."""
    key = _fold(value)
    if key in REGISTRY_STATUSES:
        return key
    labels = {_fold(label): value for value, label in Proposal.Status.choices if value in REGISTRY_STATUSES}
    return labels.get(key) or STATUS_ALIASES.get(key)


def origin_of(value):
    key = _fold(value).replace(" ", "_")
    if key in REGISTRY_ORIGINS:
        return key
    labels = {_fold(label): value for value, label in Proposal.Origin.choices if value in REGISTRY_ORIGINS}
    aliases = {
        "institucional": "institutional",
        "estrategico": "strategic",
        "plan local": "local_plan",
        "plan_local": "local_plan",
        "programa municipal": "municipal_programme",
        "programa_municipal": "municipal_programme",
    }
    return labels.get(_fold(value)) or aliases.get(_fold(value))


def _whole(value, *, maximum):
    """A whole non-negative number from a cell (1 500 000, 1,500,000, 1500000.0), or None if bad."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if value != int(value):
            return None
        number = int(value)
    else:
        text = re.sub(r"[\s$]", "", str(value or ""))
        text = text.replace(",", "") if re.fullmatch(r"\d{1,3}(,\d{3})+", text) else text
        text = text.replace(".", "") if re.fullmatch(r"\d{1,3}(\.\d{3})+", text) else text
        if not re.fullmatch(r"\d{1,16}", text):
            return None
        number = int(text)
    return number if 0 <= number <= maximum else None


def _coordinate(value, limit):
    if value in (None, ""):
        return None, True
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        return None, False
    if not -limit <= number <= limit:
        return None, False
    return number.quantize(Decimal("0.000001")), True


def clean_project(data, *, themes, territories, this_year=None):
    """Check one registry project's fields. `data` maps field names to raw values (strings from a
    form or a file); `themes` / `territories` map a folded name or code to the object (see
    `lookups()`). Returns (cleaned dict, errors dict {field: Spanish message})."""
    this_year = this_year or timezone.localdate().year
    errors, cleaned = {}, {}
    for name, limit in TEXT_LIMITS.items():
        text = str(data.get(name) or "").strip()
        if len(text) > limit:
            errors[name] = _("Admite como máximo %(max)s caracteres.") % {"max": limit}
        cleaned[name] = text
    if not cleaned["title"]:
        errors["title"] = _("Falta el título.")
    if not cleaned["summary"]:
        cleaned["summary"] = cleaned["title"][:280]
    reference = cleaned["external_reference"]
    if reference and not _REFERENCE.match(reference):
        errors["external_reference"] = _("La referencia externa solo admite letras, números, puntos, guiones y barras.")
    cleaned["external_reference"] = reference or None
    origin = origin_of(data.get("origin"))
    if origin is None:
        errors["origin"] = _("Origen desconocido «%(value)s»: use institucional, estratégico, plan de desarrollo local o programa municipal.") % {
            "value": str(data.get("origin") or "")[:40]
        }
    cleaned["origin"] = origin
    theme = themes.get(_fold(data.get("theme")))
    if theme is None:
        errors["theme"] = _("Eje temático desconocido «%(value)s».") % {"value": str(data.get("theme") or "")[:60]}
    cleaned["theme"] = theme
    territory = territories.get(_fold(data.get("territory")))
    if territory is None:
        errors["territory"] = _("Territorio desconocido «%(value)s».") % {"value": str(data.get("territory") or "")[:60]}
    cleaned["territory"] = territory
    cost = _whole(data.get("estimated_cost"), maximum=MAX_COST)
    if cost is None:
        errors["estimated_cost"] = _("Costo no válido «%(value)s»: escriba un número entero sin decimales.") % {
            "value": str(data.get("estimated_cost") or "")[:30]
        }
    cleaned["estimated_cost"] = cost
    year = _whole(data.get("year"), maximum=9999)
    if year is None or not FIRST_YEAR <= year <= this_year + 5:
        errors["year"] = _("Año no válido «%(value)s»: entre %(first)s y %(last)s.") % {
            "value": str(data.get("year") or "")[:10],
            "first": FIRST_YEAR,
            "last": this_year + 5,
        }
    cleaned["year"] = year
    status = status_of(data.get("status"))
    if status is None:
        errors["status"] = _("Estado desconocido «%(value)s».") % {"value": str(data.get("status") or "")[:40]}
    cleaned["status"] = status
    currency = str(data.get("currency") or "").strip().upper() or "MXN"
    if currency not in CURRENCIES:
        errors["currency"] = _("Moneda desconocida «%(value)s»: MXN, COP o USD.") % {"value": currency[:5]}
    cleaned["registry_currency"] = currency
    beneficiaries = data.get("beneficiaries_count")
    count = 0 if beneficiaries in (None, "") else _whole(beneficiaries, maximum=100_000_000)
    if count is None:
        errors["beneficiaries_count"] = _("El número de personas beneficiarias debe ser un entero.")
    cleaned["beneficiaries_count"] = count or 0
    latitude, ok_lat = _coordinate(data.get("latitude"), 90)
    longitude, ok_lon = _coordinate(data.get("longitude"), 180)
    if not ok_lat or not ok_lon or (latitude is None) != (longitude is None):
        errors["latitude"] = _("Coordenadas no válidas: latitud entre -90 y 90 y longitud entre -180 y 180, las dos o ninguna.")
    cleaned["latitude"], cleaned["longitude"] = latitude, longitude
    return cleaned, errors


def lookups():
    """({folded name or code: Theme}, {folded name, code or "name (municipality)": Territory})."""
    from convocatorias.models import Territory, Theme

    themes = {}
    for theme in Theme.objects.all():
        themes[_fold(theme.name)] = theme
        if getattr(theme, "slug", ""):
            themes.setdefault(_fold(theme.slug), theme)
    territories, ambiguous = {}, set()
    for territory in Territory.objects.all():
        for key in (_fold(territory.name), _fold(f"{territory.name} ({territory.municipality})"), _fold(f"{territory.municipality}: {territory.name}")):
            if key in territories and territories[key].pk != territory.pk:
                ambiguous.add(key)
            territories[key] = territory
    for key in ambiguous:  # the same name in two cities: only "name (municipality)" finds it
        territories.pop(key, None)
    return themes, territories


def moment_of(year, now=None):
    """`submitted_at` of a project of `year`: now in the current year, else the 1 January."""
    now = now or timezone.now()
    if year >= timezone.localtime(now).year:
        return now
    zone = timezone.get_default_timezone()
    return dt.datetime(year, 1, 1, 12, tzinfo=zone)


def _apply(project, cleaned, now):
    for name in (
        "title", "summary", "problem", "solution", "responsible_office", "funding_source", "external_reference",
        "address", "beneficiaries_description", "origin", "theme", "territory", "estimated_cost", "year",
        "registry_currency", "beneficiaries_count", "latitude", "longitude",
    ):
        setattr(project, name, cleaned[name])
    if project.submitted_at is None or project.submitted_at.year != cleaned["year"]:
        project.submitted_at = moment_of(cleaned["year"], now)


def _refuse_if_invalid(errors):
    if errors:
        raise ActionRefused(" ".join(str(message) for message in errors.values()), "invalid")


def create(cleaned, *, actor, now=None, reason=None):
    """Insert a checked project with its reference (REG-<year>-<id>) and its first event."""
    now = now or timezone.now()
    project = Proposal(status=State.DRAFT.value)
    _apply(project, cleaned, now)
    project.save()
    project.reference = f"REG-{cleaned['year']}-{project.pk:05d}"
    project.status = cleaned["status"]
    project.save(update_fields=["reference", "status"])
    ProposalEvent.objects.create(
        **_event_fields(project, previous="", actor=actor, reason=reason or _("Registrado en el banco de proyectos."), transition="register")
    )
    return project


def _event_fields(project, *, previous, actor, reason, transition):
    return {
        "proposal": project,
        "kind": ProposalEvent.Kind.STATUS,
        "transition": transition,
        "from_status": previous,
        "to_status": project.status,
        "actor": actor,
        "reason": reason,
    }


def change(project, cleaned, *, actor, now=None, reason=""):
    """Update a registry project with checked fields; a change of state goes to its history."""
    now = now or timezone.now()
    previous = project.status
    _apply(project, cleaned, now)
    project.status = cleaned["status"]
    project.save()
    if previous != project.status:
        ProposalEvent.objects.create(
            **_event_fields(project, previous=previous, actor=actor, reason=reason or _("Actualizado en el registro."), transition="registry_update")
        )
    return project


def register_project(*, actor, data, now=None):
    """Register a project from raw fields (a form). Raises ActionRefused with the reasons."""
    if not may_register(actor):
        raise ActionRefused(_("No tiene permiso para registrar proyectos."), "forbidden")
    themes, territories = lookups()
    cleaned, errors = clean_project(data, themes=themes, territories=territories)
    _check_reference(cleaned, errors, None)
    _refuse_if_invalid(errors)
    with transaction.atomic():
        return create(cleaned, actor=actor, now=now)


def update_project(*, project, actor, data, now=None, reason=""):
    if not may_change(actor):
        raise ActionRefused(_("No tiene permiso para cambiar proyectos del registro."), "forbidden")
    themes, territories = lookups()
    cleaned, errors = clean_project(data, themes=themes, territories=territories)
    _check_reference(cleaned, errors, project)
    _refuse_if_invalid(errors)
    with transaction.atomic():
        project = Proposal.objects.select_for_update().get(pk=project.pk, call__isnull=True)
        return change(project, cleaned, actor=actor, now=now, reason=reason)


def _check_reference(cleaned, errors, project):
    reference = cleaned.get("external_reference")
    if not reference:
        return
    taken = Proposal.objects.filter(external_reference=reference)
    if project is not None:
        taken = taken.exclude(pk=project.pk)
    if taken.exists():
        errors["external_reference"] = _("Ya hay un proyecto con la referencia externa «%(reference)s».") % {"reference": reference}
