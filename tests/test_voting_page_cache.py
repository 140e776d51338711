"""The shared ballot page (votaciones.views._shared_ballot_page) and the box's cached projects
(selectors.ballot_sheet): one rendering for every voter who has not voted yet, each with their
own CSRF token; edits of what the page shows retire it at once; nothing personal is shared."""

import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.middleware.csrf import _unmask_cipher_token
from django.urls import reverse

from convocatorias.models import Theme
from portal.models import SiteSettings
from tests.factories import UserFactory, make_voting_call
from votaciones import services

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def voting(site):
    return make_voting_call(ballot_type="approval", proposals=3, vote_in_several_territories=True)


def url(box):
    return reverse("votaciones:ballot", args=[box.pk])


def page_keys():
    return [key for key in cache._cache if ":votaciones:ballot-page:" in key]


def load(client, box, **extra):
    response = client.get(url(box), **extra)
    assert response.status_code == 200
    return response.content.decode()


def checked(page):
    return re.findall(r'value="(\d+)" id="choice-\d+" data-cost="\d+" checked', page)


def test_each_voter_gets_their_own_csrf_token_in_the_shared_page(client, voting):
    _call, box, _proposals = voting
    pages, secrets = [], []
    for index in range(3):
        client.logout()
        client.cookies.clear()
        client.force_login(UserFactory(email=f"v{index}@example.org"))
        page = load(client, box)
        pages.append(page)
        secrets.append(client.cookies[settings.CSRF_COOKIE_NAME].value)
        tokens = set(CSRF_INPUT.findall(page))
        assert tokens and len(tokens) == 1, "one token (the same in every form of the page)"
        assert _unmask_cipher_token(tokens.pop()) == secrets[-1]
        assert "\x00" not in page
    assert len(page_keys()) == 1, "rendered once, then read from the cache"
    assert len(set(secrets)) == 3
    for index, page in enumerate(pages):
        assert all(_unmask_cipher_token(token) == secrets[index] for token in CSRF_INPUT.findall(page))
    # Apart from the token, the same page.
    assert len({CSRF_INPUT.sub("", page) for page in pages}) == 1


def test_choices_never_leak_between_voters(client, voting):
    _call, box, (a, b, _c) = voting
    first, voter, other = UserFactory(), UserFactory(), UserFactory()
    client.force_login(first)
    assert checked(load(client, box)) == []  # fills the shared page
    services.cast_online_ballot(box=box, user=voter, choices={a.pk: 1, b.pk: 1})
    client.force_login(voter)
    page = load(client, box)
    assert sorted(checked(page)) == sorted([str(a.pk), str(b.pk)]) and "Ya votó en este territorio" in page
    client.force_login(other)
    page = load(client, box)
    assert checked(page) == [] and "Ya votó" not in page


def test_the_cast_still_goes_through_and_the_page_then_shows_the_choices(client, voting):
    _call, box, (a, _b, c) = voting
    voter = UserFactory()
    client.force_login(voter)
    load(client, box)
    response = client.post(url(box), {"choice": [a.pk, c.pk], "step": "confirm"})
    assert response.status_code == 302 and response["Location"] == reverse("votaciones:receipt", args=[box.pk]) + "?nuevo=1"
    assert sorted(checked(load(client, box))) == sorted([str(a.pk), str(c.pk)])


def test_language_has_a_page_of_its_own(client, voting, citizen):
    _call, box, _proposals = voting
    client.force_login(citizen)
    assert '<html lang="es">' in load(client, box)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert '<html lang="en">' in load(client, box)
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert '<html lang="es">' in load(client, box)
    assert len(page_keys()) == 2


def test_editing_a_project_retires_the_page_and_the_projects_of_the_cast(client, voting, citizen):
    _call, box, (a, b, _c) = voting
    client.force_login(citizen)
    assert a.title in load(client, box)
    a.title = "Un parque con árboles nuevos"
    a.save()
    assert "Un parque con árboles nuevos" in load(client, box)
    b.hidden = True
    b.save(update_fields=["hidden"])
    page = load(client, box)
    assert f'value="{b.pk}"' not in page
    response = client.post(url(box), {"choice": [b.pk], "step": "confirm"})
    assert response.status_code == 400 and "no están en este tarjetón" in response.content.decode()
    assert not services.user_ballot(box=box, user=citizen)


def test_editing_the_theme_territory_call_or_site_retires_the_page(client, voting, citizen):
    call, box, (a, _b, _c) = voting
    client.force_login(citizen)
    load(client, box)
    theme = Theme.objects.get(pk=a.theme_id)
    theme.name = "Movilidad y banquetas"
    theme.save()
    assert "Movilidad y banquetas" in load(client, box)
    territory = box.territory
    territory.name = "Colonia Las Flores"
    territory.save()
    assert "Tarjetón de Colonia Las Flores" in load(client, box)
    call.ballot_max_selections = 2
    call.save_revision().publish()
    assert "Elija entre 1 y 2 proyectos." in load(client, box)
    site_settings = SiteSettings.objects.get()
    site_settings.institution_name = "Municipio de Prueba"
    site_settings.save()
    assert "Municipio de Prueba" in load(client, box)


def test_staff_pages_messages_and_query_strings_are_rendered_apart(client, voting, citizen):
    _call, box, _proposals = voting
    client.force_login(citizen)
    load(client, box)
    client.force_login(UserFactory(email="staff@example.org", is_staff=True))
    assert reverse("wagtailadmin_home") in load(client, box)
    client.force_login(citizen)
    assert reverse("wagtailadmin_home") not in load(client, box)
    client.get(reverse("votaciones:receipt", args=[box.pk]))  # no ballot yet: a message
    assert "Aún no ha votado en este territorio." in load(client, box)
    assert "Aún no ha votado" not in load(client, box)
    page = load(client, box, QUERY_STRING="a=1")
    assert 'name="next" value="/votar/urna/' in page and "?a=1" in page
    assert len(page_keys()) == 1
