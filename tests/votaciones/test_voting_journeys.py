"""The ballot as people reach it: every way of signing in leads to a ballot page that works, and
the box's cached sheet and rows follow every edit on the very next request.

A person who has just signed up and confirmed their address is signed in by allauth's backend,
in a session whose user object is still lazy when the ballot page first reads it: that journey
once answered HTTP 500, so it is tested end to end here (and in the browser, test_e2e_voting).
"""

import datetime as dt
import re

import pytest
import time_machine
from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from convocatorias.models import CallTerritory, Theme
from propuestas.models import ProposalImage
from propuestas.services import transition_proposal
from tests.portal.factories import PASSWORD, UserFactory
from tests.votaciones.factories import make_voting_call
from tests.site.redis_support import TEST_REDIS_URL, needs_redis
from votaciones import selectors, services
from votaciones.models import Ballot

User = get_user_model()
NEW_PASSWORD = "Otra-Clave-Larga-2027"


@pytest.fixture
def voting(site):
    return make_voting_call(ballot_type="approval", proposals=3, vote_in_several_territories=True)


def ballot_url(box):
    return reverse("votaciones:ballot", args=[box.pk])


def link_in(message, pattern):
    match = re.search(r"http://testserver(" + pattern + r")", message.body)
    assert match, message.body
    return match.group(1)


def assert_votes(client, box, proposal):
    """The ballot page opens with the form, and a cast is counted and shows its receipt."""
    page = client.get(ballot_url(box))
    assert page.status_code == 200, page.content[:500]
    html = page.content.decode()
    assert 'id="ballot-form"' in html and f'value="{proposal.pk}"' in html
    response = client.post(ballot_url(box), {"choice": [proposal.pk], "step": "confirm"})
    assert response.status_code == 302
    assert response["Location"] == reverse("votaciones:receipt", args=[box.pk]) + "?nuevo=1"
    receipt = client.get(response["Location"])
    assert receipt.status_code == 200 and "código de recibo" in receipt.content.decode().lower()
    return Ballot.objects.get(box=box, voter_id=int(client.session["_auth_user_id"]))


# --- Every way in ---------------------------------------------------------------------------------


def test_signup_then_the_confirmation_link_then_the_ballot(client, voting):
    _call, box, (a, _b, _c) = voting
    response = client.post(
        "/cuentas/signup/", {"email": "recien@example.org", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    confirm_path = link_in(mail.outbox[-1], r"/cuentas/confirm-email/[^/\s]+/")
    response = client.post(confirm_path)  # signs the person in (ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(email="recien@example.org").pk)
    ballot = assert_votes(client, box, a)
    assert [c.proposal_id for c in ballot.choices.all()] == [a.pk]


def test_a_signed_up_person_who_has_not_confirmed_is_told_why(client, voting):
    _call, box, _proposals = voting
    client.post("/cuentas/signup/", {"email": "pendiente@example.org", "password1": PASSWORD, "password2": PASSWORD})
    client.force_login(User.objects.get(email="pendiente@example.org"))
    page = client.get(ballot_url(box))
    assert page.status_code == 200
    assert "Confirme su correo electrónico para votar." in page.content.decode()
    assert 'id="ballot-form"' not in page.content.decode()


def test_signing_in_with_the_form_then_the_ballot(client, voting, citizen):
    _call, box, (_a, b, _c) = voting
    response = client.post("/cuentas/login/", {"login": citizen.email, "password": PASSWORD})
    assert response.status_code == 302
    assert_votes(client, box, b)


def test_after_a_password_reset_then_the_ballot(client, voting, citizen):
    _call, box, (_a, _b, c) = voting
    client.post("/cuentas/password/reset/", {"email": citizen.email})
    reset_path = link_in(mail.outbox[-1], r"/cuentas/password/reset/key/[^\s]+/")
    response = client.get(reset_path)
    action = response["Location"]
    response = client.post(action, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    response = client.post("/cuentas/login/", {"login": citizen.email, "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert_votes(client, box, c)


def test_after_a_two_factor_sign_in_then_the_ballot(client, voting, settings):
    _call, box, (a, _b, _c) = voting
    staff = UserFactory(email="personal@example.org", is_staff=True)
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    settings.PARTICIPA_STAFF_MFA_REQUIRED = True
    now = dt.datetime.now(tz=dt.UTC).replace(microsecond=0)
    start = now - dt.timedelta(seconds=now.timestamp() % mfa_settings.TOTP_PERIOD)
    with time_machine.travel(start + dt.timedelta(seconds=1), tick=True):
        response = client.post("/cuentas/login/", {"login": staff.email, "password": PASSWORD})
        assert response["Location"] == reverse("mfa_authenticate")
        code = format_hotp_value(hotp_value(secret, int(timezone.now().timestamp()) // mfa_settings.TOTP_PERIOD))
        response = client.post(reverse("mfa_authenticate"), {"code": code})
        assert response.status_code == 302
        assert_votes(client, box, a)


def test_a_new_address_confirmed_by_a_signed_in_person_lets_them_vote_at_once(client, voting):
    """Confirming in the same session the person is signed in with (no sign-in in between)."""
    _call, box, (a, _b, _c) = voting
    person = UserFactory(email="otra@example.org", verified=False)
    EmailAddress.objects.create(user=person, email=person.email, verified=False, primary=True)
    client.force_login(person)
    assert "Confirme su correo" in client.get(ballot_url(box)).content.decode()
    EmailAddress.objects.filter(user=person).update(verified=True)
    assert_votes(client, box, a)


# --- The box's sheet and rows follow every edit ----------------------------------------------------


def test_a_withdrawn_project_leaves_the_very_next_page_and_cannot_be_chosen(client, voting, citizen):
    _call, box, (a, b, _c) = voting
    client.force_login(citizen)
    assert f'value="{b.pk}"' in client.get(ballot_url(box)).content.decode()
    transition_proposal(proposal=b, name="withdraw", user=b.author)
    page = client.get(ballot_url(box)).content.decode()
    assert f'value="{b.pk}"' not in page and f'value="{a.pk}"' in page
    response = client.post(ballot_url(box), {"choice": [b.pk], "step": "confirm"})
    assert response.status_code == 400 and "no están en este tarjetón" in response.content.decode()
    assert not Ballot.objects.filter(voter=citizen).exists()


def test_a_new_ceiling_shows_on_the_very_next_page_and_counts_in_the_cast(client, site, citizen):
    call, box, (a, b, _c) = make_voting_call(ballot_type="knapsack", proposals=3, ceiling=10_000_000)
    client.force_login(citizen)
    assert "10,000,000" in client.get(ballot_url(box)).content.decode().replace(".", ",")
    item = CallTerritory.objects.get(call=call, territory=box.territory)
    item.budget_ceiling = a.cost  # only the first project fits now
    item.save()
    page = client.get(ballot_url(box)).content.decode()
    assert f'data-budget="{a.cost}"' in page
    response = client.post(ballot_url(box), {"choice": [a.pk, b.pk], "step": "confirm"})
    assert response.status_code == 400 and "techo del territorio" in response.content.decode()


def test_edits_of_the_project_theme_picture_territory_and_call_show_at_once(client, voting, citizen):
    call, box, (a, _b, _c) = voting
    client.force_login(citizen)
    client.get(ballot_url(box))
    a.title = "Un parque con árboles nuevos"
    a.save()
    assert "Un parque con árboles nuevos" in client.get(ballot_url(box)).content.decode()
    theme = Theme.objects.get(pk=a.theme_id)
    theme.name = "Movilidad y banquetas"
    theme.save()
    assert "Movilidad y banquetas" in client.get(ballot_url(box)).content.decode()
    image = ProposalImage.objects.create(
        proposal=a, file="propuestas/parque.png", width=1, height=1, alt_text="Vista del parque desde la calle"
    )
    assert "Vista del parque desde la calle" in client.get(ballot_url(box)).content.decode()
    image.delete()
    assert "Vista del parque desde la calle" not in client.get(ballot_url(box)).content.decode()
    territory = box.territory
    territory.name = "Colonia Las Flores"
    territory.save()
    assert "Tarjetón de Colonia Las Flores" in client.get(ballot_url(box)).content.decode()
    call.ballot_max_selections = 2
    call.save_revision().publish()
    assert "Elija entre 1 y 2 proyectos." in client.get(ballot_url(box)).content.decode()


def test_a_closed_phase_shows_at_once(client, voting, citizen):
    call, box, _proposals = voting
    client.force_login(citizen)
    assert 'id="ballot-form"' in client.get(ballot_url(box)).content.decode()
    phase = call.phases.get(kind="voting")
    phase.ends_at = timezone.now() - dt.timedelta(minutes=1)
    phase.save()
    page = client.get(ballot_url(box)).content.decode()
    assert 'id="ballot-form"' not in page


def test_an_edit_inside_a_transaction_is_not_cached_under_the_new_version_before_it_commits(voting, django_capture_on_commit_callbacks):
    _call, box, (a, _b, _c) = voting
    before = selectors.ballot_sheet(box.pk)
    with django_capture_on_commit_callbacks(execute=True):
        a.title = "Título cambiado"
        a.save()
        inside = selectors.ballot_sheet(box.pk)  # a reader between the edit and the commit
    after = selectors.ballot_sheet(box.pk)
    assert len({before.version, inside.version, after.version}) == 3
    assert [p.title for p in after.proposals if p.pk == a.pk] == ["Título cambiado"]


# --- What is shared and what is not ----------------------------------------------------------------


def fragment_keys():
    return [key for key in cache._cache if "template.cache.ballot_rows" in key]


def checked(page):
    return sorted(re.findall(r'value="(\d+)" id="choice-\d+" data-cost="\d+" checked', page))


def test_rows_are_rendered_once_per_version_and_language(client, voting):
    _call, box, _proposals = voting
    for index in range(3):
        client.force_login(UserFactory(email=f"v{index}@example.org"))
        assert client.get(ballot_url(box)).status_code == 200
    assert len(fragment_keys()) == 1
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(ballot_url(box)).content.decode()
    assert '<html lang="en">' in page and "projects on the ballot" in page
    assert len(fragment_keys()) == 2


def test_choices_and_csrf_tokens_never_leak_between_voters(client, voting):
    _call, box, (a, b, _c) = voting
    first, voter, other = UserFactory(), UserFactory(), UserFactory()
    client.force_login(first)
    assert checked(client.get(ballot_url(box)).content.decode()) == []
    services.cast_online_ballot(box=box, user=voter, choices={a.pk: 1, b.pk: 1})
    client.force_login(voter)
    page = client.get(ballot_url(box)).content.decode()
    assert checked(page) == sorted([str(a.pk), str(b.pk)]) and "Ya votó en este territorio" in page
    client.force_login(other)
    page = client.get(ballot_url(box)).content.decode()
    assert checked(page) == [] and "Ya votó" not in page


def test_nothing_is_kept_in_the_process(voting):
    """Every worker reads the same cache: after the cache forgets, the database is read again."""
    _call, box, (a, _b, _c) = voting
    assert selectors.ballot_sheet(box.pk).proposals[0].title == a.title
    type(a).objects.filter(pk=a.pk).update(title="Cambiado sin señales")  # as another worker's writes
    cache.clear()
    assert selectors.ballot_sheet(box.pk).proposals[0].title == "Cambiado sin señales"


@needs_redis
def test_with_redis_an_edit_shows_on_the_next_request(client, voting, citizen, settings):
    """As deployed: the sheet and the rows in Redis, shared by every worker."""
    from django.core.cache import caches

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": TEST_REDIS_URL,
            "KEY_PREFIX": "participa-test-ballot",
        }
    }
    caches["default"].clear()
    try:
        _call, box, (a, _b, _c) = voting
        client.force_login(citizen)
        assert a.title in client.get(ballot_url(box)).content.decode()
        a.title = "Huerto comunitario en la escuela"
        a.save()
        assert "Huerto comunitario en la escuela" in client.get(ballot_url(box)).content.decode()
    finally:
        caches["default"].clear()


# --- Constant queries -----------------------------------------------------------------------------


def count(client, method, url, data=None):
    """The statements of one request, without the savepoints of the test's own transaction."""
    with CaptureQueriesContext(connection) as context:
        response = getattr(client, method)(url, data or {})
    assert response.status_code in (200, 302), response.status_code
    return len([q for q in context.captured_queries if "SAVEPOINT" not in q["sql"]])


def test_cast_queries_do_not_grow_with_projects_or_ballots(client, site):
    _small, small_box, few = make_voting_call(proposals=3, vote_in_several_territories=True, slug="pocas")
    _big, big_box, many = make_voting_call(
        proposals=30, ceiling=10**9, vote_in_several_territories=True, slug="muchas"
    )
    for index in range(200):
        services.cast_online_ballot(box=big_box, user=UserFactory(), choices={many[index % 30].pk: 1})
    casts = []
    for box, proposals in ((small_box, few), (big_box, many)):
        client.force_login(UserFactory())
        client.get(ballot_url(box))  # the sheet and rows cached, as for every voter but the first
        casts.append(count(client, "post", ballot_url(box), {"choice": [proposals[0].pk, proposals[1].pk], "step": "confirm"}))
    assert casts[0] == casts[1]
    # session, person, confirmed email, their ballots, then the ballot and its choices (two INSERTs)
    assert casts[0] == 6, casts
