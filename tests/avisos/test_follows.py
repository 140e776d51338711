"""Following calls and territories: services, views by role, the buttons on the pages."""

import pytest
from django.urls import reverse

from avisos import services
from avisos.models import Follow
from portal.errors import ActionRefused
from tests.portal.factories import UserFactory
from tests.propuestas.factories import make_proposal_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(site):
    return make_proposal_call(title="Presupuesto participativo", current="intake")


@pytest.fixture
def territory(call):
    return call.territories.first().territory


@pytest.fixture
def roles(citizen, editor, evaluator, moderator, admin_user):
    return {"anonymous": None, "citizen": citizen, "evaluator": evaluator, "moderator": moderator, "editor": editor, "admin": admin_user}


ROLES = ["anonymous", "citizen", "evaluator", "moderator", "editor", "admin"]


def test_follow_is_idempotent_and_has_sensible_defaults(call, territory, citizen):
    first = services.follow(user=citizen, call=call)
    again = services.follow(user=citizen, call=call)
    assert first.pk == again.pk
    assert (first.phase_opened, first.ballot_open, first.results_published, first.workshop_nearby) == (True, True, True, True)
    assert first.execution_update is False
    services.follow(user=citizen, territory=territory)
    assert Follow.objects.filter(user=citizen).count() == 2
    assert services.unfollow(user=citizen, call=call) is True
    assert services.unfollow(user=citizen, call=call) is False
    assert list(Follow.objects.filter(user=citizen).values_list("territory", flat=True)) == [territory.pk]


def test_unconfirmed_people_cannot_follow(call):
    person = UserFactory(verified=False)
    with pytest.raises(ActionRefused) as refused:
        services.follow(user=person, call=call)
    assert "Confirme su correo" in str(refused.value.message)
    assert not Follow.objects.exists()


def test_a_follow_needs_exactly_one_target(call, territory, citizen):
    with pytest.raises(ActionRefused):
        services.follow(user=citizen)
    with pytest.raises(ActionRefused):
        services.follow(user=citizen, call=call, territory=territory)
    assert not Follow.objects.exists()


def test_kinds_are_chosen_per_follow(call, citizen):
    item = services.follow(user=citizen, call=call, kinds=["ballot_open"])
    item.refresh_from_db()
    assert item.ballot_open and not item.phase_opened and not item.results_published
    with pytest.raises(ActionRefused):
        services.set_follow_kinds(follow=item, kinds=["nada"])


@pytest.mark.parametrize("role", ROLES)
def test_follow_and_unfollow_views_by_role(client, call, roles, role):
    user = roles[role]
    if user is not None:
        client.force_login(user)
    response = client.post(reverse("avisos:follow"), {"convocatoria": call.pk})
    assert response.status_code == 302
    if user is None:
        assert "/login/" in response["Location"]
        assert not Follow.objects.exists()
        return
    assert Follow.objects.filter(user=user, call=call).exists()
    assert response["Location"] == call.url
    client.post(reverse("avisos:unfollow"), {"convocatoria": call.pk})
    assert not Follow.objects.filter(user=user).exists()


def test_follow_views_refuse_get_bad_and_unknown_targets(client, call, territory, citizen):
    client.force_login(citizen)
    assert client.get(reverse("avisos:follow")).status_code == 405
    for data in ({}, {"convocatoria": "x"}, {"convocatoria": 10**12}, {"convocatoria": 999999},
                 {"convocatoria": call.pk, "territorio": territory.pk}, {"territorio": 999999}):
        assert client.post(reverse("avisos:follow"), data).status_code == 404, data
    assert not Follow.objects.exists()


def test_follow_redirects_only_to_this_site(client, territory, citizen):
    client.force_login(citizen)
    response = client.post(reverse("avisos:follow"), {"territorio": territory.pk, "next": "https://evil.example/"})
    assert response["Location"].startswith("/banco/")
    response = client.post(reverse("avisos:follow"), {"territorio": territory.pk, "next": "/banco/?territorio=1"})
    assert response["Location"] == "/banco/?territorio=1"


def test_call_page_shows_the_follow_button(client, call, citizen):
    page = client.get(call.url).content.decode()
    assert "Seguir esta convocatoria" in page
    client.force_login(citizen)
    client.post(reverse("avisos:follow"), {"convocatoria": call.pk})
    page = client.get(call.url).content.decode()
    assert "Sigue esta convocatoria" in page and "Dejar de seguir" in page


def test_bank_filtered_by_one_territory_offers_to_follow_it(client, call, territory, citizen):
    from tests.propuestas.factories import ProposalFactory

    ProposalFactory(call=call, territory=territory)
    url = reverse("banco:search") + f"?territorio={territory.pk}"
    assert f"Seguir {territory.name}" in client.get(url).content.decode()
    assert "Seguir " + territory.name not in client.get(reverse("banco:search")).content.decode()
    client.force_login(citizen)
    client.post(reverse("avisos:follow"), {"territorio": territory.pk, "next": url})
    page = client.get(url).content.decode()
    assert f"Sigue {territory.name}." in page


@pytest.mark.parametrize("role", ROLES)
def test_follow_edit_page_by_role(client, call, roles, role, citizen):
    item = services.follow(user=citizen, call=call)
    user = roles[role]
    if user is not None:
        client.force_login(user)
    response = client.get(reverse("avisos:follow_edit", args=[item.pk]))
    if user is None:
        assert response.status_code == 302 and "/login/" in response["Location"]
    elif user == citizen:
        assert response.status_code == 200
    else:
        assert response.status_code == 404  # someone else's follow


def test_follow_edit_saves_kinds_and_refuses_unknown_ones(client, call, citizen):
    item = services.follow(user=citizen, call=call)
    client.force_login(citizen)
    url = reverse("avisos:follow_edit", args=[item.pk])
    assert client.post(url, {"kinds": ["results_published", "execution_update"]}).status_code == 302
    item.refresh_from_db()
    assert item.results_published and item.execution_update and not item.phase_opened
    response = client.post(url, {"kinds": ["basura"]})
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.results_published
    assert client.get(reverse("avisos:follow_edit", args=["99999999999999"])).status_code == 404


def test_my_participation_lists_what_i_follow(client, call, citizen):
    services.follow(user=citizen, call=call)
    client.force_login(citizen)
    page = client.get(reverse("propuestas:participation")).content.decode()
    assert "Convocatorias y territorios que sigo" in page and call.title in page
