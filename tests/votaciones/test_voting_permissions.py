"""Every public voting view × every role.

Roles: anonymous, citizen, unconfirmed citizen (email not verified), group member, evaluator,
editor, admin. An int is the expected status code; "login" a redirect to the login page; a path
a redirect there. Staff have no special power on these pages: they vote like anyone else and,
when the call hides counts, see no counts either.
"""

import pytest
from django.urls import reverse

from propuestas import services as proposal_services
from tests.portal.factories import UserFactory
from tests.votaciones.factories import make_voting_call
from votaciones import services
from votaciones.models import Ballot

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "citizen", "unconfirmed", "member", "evaluator", "editor", "admin"]
CONFIRMED = ["citizen", "member", "evaluator", "editor", "admin"]


def expect(default, **overrides):
    return {role: overrides.get(role, default) for role in ROLES}


@pytest.fixture
def world(site, citizen, evaluator, editor, admin_user):
    call, box, proposals = make_voting_call(hide_counts_until_close=True, vote_in_several_territories=True)
    author = UserFactory(display_name="Autora")
    group = proposal_services.create_group(user=author, name="Colectivo universitario")
    member = UserFactory(display_name="Integrante")
    proposal_services.join_group(user=member, code=group.join_code)
    people = {
        "anonymous": None,
        "citizen": citizen,
        "unconfirmed": UserFactory(display_name="Sin confirmar", verified=False),
        "member": member,
        "evaluator": evaluator,
        "editor": editor,
        "admin": admin_user,
    }
    return {"call": call, "box": box, "proposals": proposals, "people": people}


def login(client, person):
    if person is not None:
        client.force_login(person)


def check(response, expected):
    if expected == "login":
        assert response.status_code == 302 and "/cuentas/login/" in response["Location"]
        assert "next=" in response["Location"]
    elif isinstance(expected, str):
        assert response.status_code == 302 and response["Location"] == expected
    else:
        assert response.status_code == expected


def get_cases(world):
    call, box = world["call"], world["box"]
    code = reverse("votaciones:code")
    return {
        "call boxes": (reverse("votaciones:call", args=[call.pk]), expect(200)),
        "ballot": (reverse("votaciones:ballot", args=[box.pk]), expect(200, anonymous="login")),
        "receipt (no ballot yet)": (
            reverse("votaciones:receipt", args=[box.pk]),
            expect(reverse("votaciones:ballot", args=[box.pk]), anonymous="login"),
        ),
        "code entry": (code, expect(200)),
        "code ballot without a code": (reverse("votaciones:code_ballot"), expect(code)),
        "code receipt without a vote": (reverse("votaciones:code_receipt"), expect(code)),
        "check receipt": (reverse("votaciones:check_receipt"), expect(200)),
        "fingerprints before the close": (reverse("votaciones:fingerprints", args=[box.pk]), expect(200)),
        "fingerprints text before the close": (reverse("votaciones:fingerprints_text", args=[box.pk]), expect(404)),
        "my participation": (reverse("propuestas:participation"), expect(200, anonymous="login")),
    }


CASE_NAMES = [
    "call boxes", "ballot", "receipt (no ballot yet)", "code entry", "code ballot without a code",
    "code receipt without a vote", "check receipt", "fingerprints before the close",
    "fingerprints text before the close", "my participation",
]


@pytest.mark.parametrize("name", CASE_NAMES)
@pytest.mark.parametrize("role", ROLES)
def test_get_views(client, world, name, role):
    url, expected = get_cases(world)[name]
    login(client, world["people"][role])
    check(client.get(url), expected[role])


@pytest.mark.parametrize("role", ROLES)
def test_cast_an_online_ballot(client, world, role):
    box, (a, *_rest) = world["box"], world["proposals"]
    person = world["people"][role]
    login(client, person)
    url = reverse("votaciones:ballot", args=[box.pk])
    response = client.post(url, {"choice": [a.pk], "step": "confirm"})
    if role == "anonymous":
        check(response, "login")
    elif role == "unconfirmed":
        assert response.status_code == 403
    else:
        check(response, reverse("votaciones:receipt", args=[box.pk]) + "?nuevo=1")
    if role in CONFIRMED:
        assert list(Ballot.objects.values_list("voter_id", flat=True)) == [person.pk]
    else:
        assert not Ballot.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_nobody_sees_hidden_counts_before_the_close(client, world, role):
    box, (a, *_rest) = world["box"], world["proposals"]
    services.cast_online_ballot(box=box, user=UserFactory(), choices={a.pk: 1})
    login(client, world["people"][role])
    response = client.get(reverse("votaciones:ballot", args=[box.pk]))
    if role == "anonymous":
        check(response, "login")
    else:
        assert response.status_code == 200 and "hasta ahora" not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_a_workshop_code_votes_for_anyone(client, world, role):
    box, (a, *_rest) = world["box"], world["proposals"]
    session = services.create_session(box=box, user=None, name="Taller")
    [code] = services.generate_codes(session=session, count=1)
    login(client, world["people"][role])
    client.post(reverse("votaciones:code"), {"code": code})
    response = client.post(reverse("votaciones:code_ballot"), {"choice": [a.pk], "step": "confirm"})
    check(response, reverse("votaciones:code_receipt"))
    ballot = Ballot.objects.get()
    assert ballot.channel == "code" and ballot.voter is None  # never tied to the account


@pytest.mark.parametrize("role", ROLES)
def test_nobody_sees_someone_elses_receipt_or_choices(client, world, role):
    box, (a, b, _c) = world["box"], world["proposals"]
    voter = UserFactory(display_name="Votante")
    _ballot, receipt = services.cast_online_ballot(box=box, user=voter, choices={b.pk: 1})
    login(client, world["people"][role])
    for url in (
        reverse("votaciones:receipt", args=[box.pk]),
        reverse("votaciones:ballot", args=[box.pk]),
        reverse("votaciones:call", args=[world["call"].pk]),
        reverse("votaciones:fingerprints", args=[box.pk]),
        reverse("propuestas:participation"),
    ):
        response = client.get(url, follow=True)
        assert receipt not in response.content.decode()
