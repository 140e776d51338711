"""Editors make a new call as a copy of an earlier one: texts, themes, territories and ceilings
kept, the calendar moved to new dates, a draft nobody sees until it is published; territories
grouped by city; Spanish messages for what goes wrong."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from convocatorias.models import CallPage, CallTerritory
from tests.convocatorias.factories import TerritoryFactory, ThemeFactory, make_call
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def last_year(site):
    start = timezone.make_aware(dt.datetime(2025, 3, 1, 9, 0))
    theme = ThemeFactory(name="Movilidad")
    territories = [
        TerritoryFactory(name="Comuna 1 Popular", municipality="Medellín"),
        TerritoryFactory(name="Centro", municipality="Torreón"),
    ]
    return make_call(
        title="Presupuesto Participativo 2025",
        slug="presupuesto-2025",
        themes=[theme],
        territories=[(territories[0], 5_000_000), (territories[1], 3_000_000)],
        phases=[
            ("intake", start, start + dt.timedelta(days=30)),
            ("voting", start + dt.timedelta(days=40), start + dt.timedelta(days=47)),
        ],
    )


def copy_url(call):
    return reverse("convocatorias_copy", args=[call.pk])


def test_a_new_call_from_last_years_keeps_everything_and_moves_the_calendar(client, last_year, editor):
    client.force_login(editor)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[last_year.pk])).content.decode()
    assert copy_url(last_year) in edit and "Nueva convocatoria a partir de esta" in edit
    response = client.post(
        copy_url(last_year),
        {"title": "Presupuesto Participativo 2026", "slug": "", "first_phase_starts": "2026-03-02T09:00"},
    )
    copy = CallPage.objects.get(slug="presupuesto-participativo-2026")
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_pages:edit", args=[copy.pk])
    assert not copy.live and copy.has_unpublished_changes and copy.get_parent().pk == last_year.get_parent().pk
    assert set(copy.themes.values_list("name", flat=True)) == {"Movilidad"}
    assert sorted(CallTerritory.objects.filter(call=copy).values_list("territory__name", "budget_ceiling")) == [
        ("Centro", 3_000_000), ("Comuna 1 Popular", 5_000_000),
    ]
    phases = sorted(copy.phases.all(), key=lambda p: p.starts_at)
    assert timezone.localtime(phases[0].starts_at).replace(tzinfo=None) == dt.datetime(2026, 3, 2, 9, 0)
    assert phases[0].ends_at - phases[0].starts_at == dt.timedelta(days=30)
    assert phases[1].starts_at - phases[0].starts_at == dt.timedelta(days=40)
    # The original is untouched, and the draft is nowhere public.
    from votaciones.admin_views import voting_calls

    assert copy.first_published_at is None and copy not in voting_calls() and last_year in voting_calls()
    last_year.refresh_from_db()
    assert last_year.live and last_year.phases.count() == 2
    client.logout()
    assert "Presupuesto Participativo 2026" not in client.get("/convocatorias/").content.decode()
    assert client.get(copy.url or "/convocatorias/presupuesto-participativo-2026/").status_code == 404


def test_a_taken_address_or_a_bad_date_is_explained_in_spanish_and_changes_nothing(client, last_year, editor):
    client.force_login(editor)
    before = CallPage.objects.count()
    response = client.post(copy_url(last_year), {"title": "Otra", "slug": "presupuesto-2025", "first_phase_starts": "2026-03-02T09:00"})
    assert response.status_code == 400 and "Ya hay una página con la dirección «presupuesto-2025»" in response.content.decode()
    response = client.post(copy_url(last_year), {"title": "Otra", "slug": "otra", "first_phase_starts": "el lunes"})
    assert response.status_code == 400 and "Escriba una fecha y hora válidas" in response.content.decode()
    response = client.post(copy_url(last_year), {"title": "", "slug": "Ñandú con espacios", "first_phase_starts": ""})
    content = response.content.decode()
    assert "Escriba el título de la nueva convocatoria." in content
    response = client.post(copy_url(last_year), {"title": "T" * 10_000, "slug": "x" * 10_000, "first_phase_starts": "9" * 10_000})
    assert response.status_code == 400 and "menos de 255 caracteres" in response.content.decode() and "Indique cuándo empieza la primera fase." in content
    assert CallPage.objects.count() == before


@pytest.mark.parametrize("role", ["anonymous", "citizen", "evaluator"])
def test_only_people_who_may_add_calls_may_copy_one(client, last_year, user_by_role, role):
    user = user_by_role[role]
    if user is not None:
        client.force_login(user)
    response = client.post(copy_url(last_year), {"title": "X", "slug": "x", "first_phase_starts": "2026-03-02T09:00"})
    assert response.status_code in (302, 403)
    assert not CallPage.objects.filter(slug="x").exists()


def test_an_administrator_may_copy(client, last_year, admin_user):
    client.force_login(admin_user)
    assert client.get(copy_url(last_year)).status_code == 200
    assert client.get(reverse("convocatorias_copy", args=[999999])).status_code == 404


def test_the_call_editor_groups_territories_by_city(client, last_year, editor):
    client.force_login(editor)
    content = client.get(reverse("wagtailadmin_pages:edit", args=[last_year.pk])).content.decode()
    assert '<optgroup label="Medellín">' in content and '<optgroup label="Torreón">' in content


def test_wagtails_own_slug_message_is_spanish(client, last_year, editor):
    """The page editor's own check of a taken address speaks Spanish too."""
    from django.utils import translation

    from wagtail.models import Page

    with translation.override("es"):
        message = translation.gettext("The slug '%(page_slug)s' is already in use within the parent page.")
    assert message.startswith("Ya hay una página con la dirección")
    assert Page.objects.filter(slug="presupuesto-2025").exists()
