"""Participation in workshops, computed from attendance (never typed): by workshop, territory,
table, gender and age range. Gender and age range come only from people who consented (their
account's consent, or the consent recorded at the door), are never crossed with anything else,
and go through the same small-group suppression as the other statistics
(`banco.statistics.demographic_breakdown` → `suppress_small_groups`). Seven queries whatever the
data."""

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from banco.statistics import MINIMUM_GROUP, breakdown, demographic_breakdown, suppress_small_groups
from portal.models import User

from .models import Participation, Workshop


def _attendance(*, call=None, kind=None):
    queryset = Participation.objects.filter(attended=True, workshop__published=True)
    if call is not None:
        queryset = queryset.filter(workshop__call=call)
    if kind:
        queryset = queryset.filter(workshop__kind=kind)
    return queryset


def _demographic(queryset, field):
    """{value: count} of consenting attendees: an account's consented profile, or the door's."""
    counts = {}
    with_account = (
        queryset.filter(user__isnull=False, user__demographics_consent=True)
        .exclude(**{f"user__{field}": ""})
        .values_list(f"user__{field}")
        .annotate(n=Count("pk"))
        .order_by()
    )
    without = (
        queryset.filter(user__isnull=True, demographics_consent=True)
        .exclude(**{field: ""})
        .values_list(field)
        .annotate(n=Count("pk"))
        .order_by()
    )
    for value, count in [*with_account, *without]:
        counts[value] = counts.get(value, 0) + count
    return counts


def _in_order(counts, choices):
    return [(label, counts[key]) for key, label in choices if counts.get(key)]


def _rows(pairs):
    return [{"label": str(label), "value": count, "display": str(count)} for label, count in pairs]


def participation_statistics(*, call=None, kind=None):
    """The dashboard: totals and one breakdown per dimension (7 queries)."""
    attendance = _attendance(call=call, kind=kind)
    workshops = Workshop.objects.filter(published=True, starts_at__lte=timezone.now())
    if call is not None:
        workshops = workshops.filter(call=call)
    if kind:
        workshops = workshops.filter(kind=kind)
    people = _("Personas")
    by_workshop = [
        (title, n)
        for title, n in attendance.values_list("workshop__title")
        .annotate(n=Count("pk"))
        .order_by("workshop__starts_at", "workshop_id")
        .values_list("workshop__title", "n")
    ]
    by_territory = [
        (name or _("Sin territorio"), n)
        for name, n in attendance.values_list("workshop__territory__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "workshop__territory__name")
    ]
    by_table = [
        (f"{table} · {workshop}", n)
        for table, workshop, n in attendance.filter(table__isnull=False)
        .values_list("table__name", "workshop__title", "table_id")
        .annotate(n=Count("pk"))
        .order_by("workshop__starts_at", "table__sort_order", "table_id")
        .values_list("table__name", "workshop__title", "n")
    ]
    gender = _demographic(attendance, "gender")
    age = _demographic(attendance, "age_range")
    return {
        "workshops": workshops.count(),
        "attendance": sum(n for _title, n in by_workshop),
        "gender_counts": gender,
        "by_workshop": breakdown(
            "by-workshop", _("Asistencia por taller"), _rows(by_workshop), label_heading=_("Taller"), value_heading=people
        ),
        "by_territory": breakdown(
            "by-territory", _("Asistencia por territorio"), _rows(by_territory), label_heading=_("Territorio"), value_heading=people
        ),
        "by_table": breakdown(
            "by-table", _("Asistencia por mesa temática"), _rows(by_table), label_heading=_("Mesa"), value_heading=people
        ),
        "gender": demographic_breakdown(
            "by-gender", _("Asistencia por género"), _in_order(gender, User.Gender.choices), label_heading=_("Género")
        ),
        "age": demographic_breakdown(
            "by-age", _("Asistencia por rango de edad"), _in_order(age, User.AgeRange.choices), label_heading=_("Rango de edad")
        ),
    }


def pedagogy_figures():
    """The figures of the pedagogy page, from the encuentros' attendance (registered with
    `portal.pedagogy` by the app's ready()). Women and men only when their groups may be shown."""
    stats = participation_statistics(kind=Workshop.Kind.ENCUENTRO)
    if not stats["workshops"]:
        return []
    figures = [
        {"value": stats["workshops"], "label": _("encuentros pedagógicos realizados")},
        {"value": stats["attendance"], "label": _("asistencias registradas")},
    ]
    labels = {
        User.Gender.WOMAN: _("mujeres (de quienes autorizaron sus datos)"),
        User.Gender.MAN: _("hombres (de quienes autorizaron sus datos)"),
    }
    shown = suppress_small_groups(
        [(key, stats["gender_counts"].get(key, 0)) for key, _label in User.Gender.choices], MINIMUM_GROUP
    )
    for key, count in shown.groups:
        if key in labels:
            figures.append({"value": count, "label": labels[key]})
    return figures
