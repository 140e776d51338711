"""Participation statistics (computed, suppressed), the pedagogy page's figures, and every new
view × role."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from banco.statistics import MINIMUM_GROUP
from talleres import services, statistics
from talleres.models import Participation
from tests.portal.factories import UserFactory

from .factories import add_people, make_call_workshop, make_workshop

pytestmark = pytest.mark.django_db


def test_attendance_is_counted_by_workshop_territory_and_table(site):
    workshop = make_call_workshop()
    table = workshop.tables.first()
    add_people(workshop, 12, table=table)
    add_people(workshop, 3, attended=False)
    other = make_workshop(title="Otro", days=-2)
    add_people(other, 5)
    stats = statistics.participation_statistics()
    assert stats["attendance"] == 17 and stats["workshops"] == 1  # held so far
    rows = {row["label"]: row["value"] for row in stats["by_workshop"]["rows"]}
    assert rows == {workshop.title: 12, "Otro": 5}
    tables = {row["label"]: row["value"] for row in stats["by_table"]["rows"]}
    assert tables == {f"{table.name} · {workshop.title}": 12}
    territories = {row["label"]: row["value"] for row in stats["by_territory"]["rows"]}
    assert territories[workshop.territory.name] == 12
    only_call = statistics.participation_statistics(call=workshop.call)
    assert only_call["attendance"] == 12


def test_demographics_only_with_consent_and_small_groups_suppressed(site):
    workshop = make_call_workshop()
    add_people(workshop, 12, gender="woman", age_range="18-29")
    add_people(workshop, 3, gender="man", age_range="30-44")
    add_people(workshop, 30, gender="man", consent=False)
    # An account that consented counts with its profile; one that did not, does not.
    for consent in (True, False):
        person = UserFactory(gender="man", age_range="30-44", demographics_consent=consent)
        services.register(workshop=workshop, user=person)
    Participation.objects.filter(workshop=workshop, user__isnull=False).update(attended=True)
    stats = statistics.participation_statistics()
    gender = stats["gender"]
    assert not gender["suppressed"]
    labels = [row["label"] for row in gender["rows"]]
    # 12 women are shown; 4 men (3 at the door + 1 account) are under the minimum: merged with the
    # smallest shown group, so no small group can be worked out by subtraction.
    assert "Hombre" not in labels and sum(row["value"] for row in gender["rows"]) == 16
    assert stats["gender_counts"] == {"woman": 12, "man": 4}
    age = stats["age"]
    assert "De 30 a 44 años" not in [row["label"] for row in age["rows"]]


def test_everything_small_is_suppressed(site):
    workshop = make_call_workshop()
    add_people(workshop, MINIMUM_GROUP - 1, gender="woman")
    assert statistics.participation_statistics()["gender"]["suppressed"]


def test_statistics_page_and_its_queries(client, site):
    workshop = make_call_workshop()
    add_people(workshop, 12, gender="woman", table=workshop.tables.first())
    client.get(reverse("talleres:statistics"))
    with CaptureQueriesContext(connection) as few:
        response = client.get(reverse("talleres:statistics"))
    body = response.content.decode()
    assert "<svg" in body and "<table" in body and "Mujer" in body
    for index in range(4):
        other = make_workshop(title=f"Taller {index}", days=-index - 1)
        add_people(other, 11, gender="man", table=other.tables.first())
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("talleres:statistics"))
    assert len(many) == len(few)
    assert client.get(reverse("talleres:statistics") + f"?convocatoria={workshop.call_id}").status_code == 200
    assert client.get(reverse("talleres:statistics") + "?convocatoria=999999").status_code == 404
    assert client.get(reverse("talleres:statistics") + "?convocatoria=abc").status_code == 404


def test_the_pedagogy_page_shows_figures_from_attendance(client, site):
    encuentro = make_workshop(kind="encuentro", days=-5, title="Encuentro 1")
    add_people(encuentro, 14, gender="woman")
    add_people(encuentro, 11, gender="man")
    body = client.get(site["guides"].url).content.decode()
    assert "La pedagogía en cifras" in body
    assert "<strong>1</strong> encuentros pedagógicos realizados" in body
    assert "<strong>25</strong> asistencias registradas" in body
    assert "<strong>14</strong> mujeres (de quienes autorizaron sus datos)" in body
    assert "<strong>11</strong> hombres (de quienes autorizaron sus datos)" in body


# --- permissions: every new view × role ----------------------------------------------------------

OK, LOGIN, DENIED = 200, "login", 403


def _outcome(response):
    if response.status_code == 302 and "/cuentas/login" in response["Location"]:
        return LOGIN
    if response.status_code == 302 and "/admin/login" in response["Location"]:
        return LOGIN
    return response.status_code


def test_public_pages_for_every_role(client, site, roles, password):
    workshop = make_call_workshop()
    urls = [reverse("talleres:list"), workshop.get_absolute_url(), reverse("talleres:statistics")]
    for role, user in roles.items():
        client.logout()
        if user:
            client.login(email=user.email, password=password)
        for url in urls:
            assert client.get(url).status_code == 200, (role, url)


FACILITATION = {
    "anonymous": LOGIN,
    "citizen": DENIED,
    "facilitator": OK,
    "evaluator": DENIED,
    "moderator": DENIED,
    "editor": OK,  # editors hold votaciones.facilitate_workshop and may run workshops
    "admin": OK,
}


@pytest.mark.parametrize("name", ["attendance", "idea_new"])
def test_facilitation_pages_per_role(client, site, roles, password, name):
    workshop = make_call_workshop()
    url = reverse(f"talleres:{name}", args=[workshop.pk])
    for role, user in roles.items():
        client.logout()
        if user:
            client.login(email=user.email, password=password)
        assert _outcome(client.get(url)) == FACILITATION[role], role
        assert _outcome(client.post(url, {"action": "door"})) in (FACILITATION[role], 302, 400), role
    if name == "attendance":  # facilitator, editor and admin each added someone at the door
        assert Participation.objects.filter(workshop=workshop).count() == 3


def test_register_needs_a_signed_in_person(client, site, roles, password):
    workshop = make_call_workshop()
    url = reverse("talleres:register", args=[workshop.pk])
    assert _outcome(client.post(url)) == LOGIN
    assert client.get(reverse("talleres:register", args=[workshop.pk])).status_code in (302, 405)
    for role, user in roles.items():
        if user is None:
            continue
        client.login(email=user.email, password=password)
        assert client.post(url).status_code == 302
        assert client.post(reverse("talleres:cancel", args=[workshop.pk])).status_code == 302
        client.logout()


SHAPERS = {
    "anonymous": LOGIN,
    "citizen": LOGIN,
    "facilitator": 302,  # staff without the right: Wagtail sends them to the admin home
    "evaluator": 302,
    "moderator": OK,
    "editor": 302,
    "admin": OK,
}


def test_ideas_admin_per_role(client, site, roles, password):
    workshop = make_call_workshop()
    from tests.propuestas.factories import ProposalFactory

    idea = ProposalFactory(call=workshop.call)
    urls = [
        reverse("talleres_admin:ideas") + f"?convocatoria={workshop.call_id}",
        reverse("talleres_admin:shape", args=["rewrite"]) + f"?ideas={idea.pk}",
        reverse("talleres_admin:revert", args=[idea.pk]),
    ]
    for role, user in roles.items():
        client.logout()
        if user:
            client.login(email=user.email, password=password)
        for url in urls[:2]:
            outcome = _outcome(client.get(url))
            assert outcome == SHAPERS[role], (role, url, outcome)
        outcome = _outcome(client.get(urls[2]))
        assert outcome == SHAPERS[role], (role, outcome)


WORKSHOP_ADMIN = {
    "anonymous": LOGIN,
    "citizen": LOGIN,
    "facilitator": OK,
    "evaluator": 302,
    "moderator": 302,
    "editor": OK,
    "admin": OK,
}


def test_workshop_admin_per_role(client, site, roles, password):
    workshop = make_call_workshop()
    urls = [
        reverse("wagtailsnippets_talleres_workshop:list"),
        reverse("wagtailsnippets_talleres_workshop:add"),
        reverse("wagtailsnippets_talleres_workshop:edit", args=[workshop.pk]),
    ]
    for role, user in roles.items():
        client.logout()
        if user:
            client.login(email=user.email, password=password)
        for url in urls:
            outcome = _outcome(client.get(url))
            assert outcome == WORKSHOP_ADMIN[role], (role, url, outcome)
    client.logout()
    client.login(email=roles["editor"].email, password=password)
    assert client.get(reverse("wagtailsnippets_talleres_universitygroupprofile:list")).status_code == 200
