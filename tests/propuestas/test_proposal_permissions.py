"""Every proposal and group view × every role.

Roles: anonymous, citizen (someone else), author, group member, moderator, evaluator, editor,
admin. An int is the expected status code; "login" a redirect to the login page; "back" a
redirect elsewhere with a refusal message and nothing changed.
"""

import pytest
from django.urls import reverse

from propuestas import services
from propuestas.models import Proposal, ProposalGroup, Support
from tests.portal.factories import UserFactory
from tests.propuestas.factories import ProposalFactory, make_proposal_call

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "citizen", "author", "member", "moderator", "evaluator", "editor", "admin"]


def expect(default, **overrides):
    return {role: overrides.get(role, default) for role in ROLES}


@pytest.fixture
def world(site, citizen, moderator, evaluator, editor, admin_user):
    call = make_proposal_call()
    author = UserFactory(display_name="Autora")
    group = services.create_group(user=author, name="Colectivo")
    member = UserFactory(display_name="Integrante")
    services.join_group(user=member, code=group.join_code)
    draft = ProposalFactory(call=call, author=author, group=group, status="draft")
    submitted = ProposalFactory(call=call, author=author, group=group, status="submitted")
    admitted = ProposalFactory(call=call, author=author)
    people = {
        "anonymous": None,
        "citizen": citizen,
        "author": author,
        "member": member,
        "moderator": moderator,
        "evaluator": evaluator,
        "editor": editor,
        "admin": admin_user,
    }
    return {"call": call, "group": group, "draft": draft, "submitted": submitted, "admitted": admitted, "people": people}


def get_cases(world):
    call, draft, submitted, group = world["call"], world["draft"], world["submitted"], world["group"]
    return {
        "list": (call.proposals_url, expect(200)),
        "feed": (call.proposals_feed_url, expect(200)),
        "new proposal form": (call.new_proposal_url, expect(200, anonymous="login")),
        "public proposal": (submitted.get_absolute_url(), expect(200)),
        "draft": (draft.get_absolute_url(), expect(404, author=200, member=200, moderator=200, admin=200)),
        "edit draft": (
            reverse("propuestas:edit", args=[draft.pk]),
            expect(404, anonymous="login", author=200, member=200, moderator="back", admin="back"),
        ),
        "withdraw form": (
            reverse("propuestas:withdraw", args=[submitted.pk]),
            expect("back", anonymous="login", author=200, member=200),
        ),
        "group page": (group.get_absolute_url(), expect(404, anonymous="login", author=200, member=200, moderator=200, admin=200)),
        "new group": (reverse("propuestas:group_create"), expect(200, anonymous="login")),
        "join group": (reverse("propuestas:group_join_link", args=[group.join_code]), expect(200, anonymous="login")),
        "my participation": (reverse("propuestas:participation"), expect(200, anonymous="login")),
    }


CASE_NAMES = [
    "list", "feed", "new proposal form", "public proposal", "draft", "edit draft", "withdraw form", "group page",
    "new group", "join group", "my participation",
]


def login(client, person):
    if person is not None:
        client.force_login(person)


def check(response, expected):
    if expected == "login":
        assert response.status_code == 302 and "/cuentas/login/" in response["Location"]
    elif expected == "back":
        assert response.status_code == 302 and "/cuentas/login/" not in response["Location"]
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("name", CASE_NAMES)
@pytest.mark.parametrize("role", ROLES)
def test_get_views(client, world, name, role):
    url, expected = get_cases(world)[name]
    login(client, world["people"][role])
    check(client.get(url), expected[role])


@pytest.mark.parametrize("role", ROLES)
def test_submit_a_draft(client, world, role):
    draft = world["draft"]
    login(client, world["people"][role])
    response = client.post(reverse("propuestas:submit", args=[draft.pk]))
    draft.refresh_from_db()
    sent = role in ("author", "member")
    assert (draft.status == "submitted") is sent
    if role == "anonymous":
        check(response, "login")
    elif role in ("citizen", "evaluator", "editor"):
        assert response.status_code == 404
    else:
        assert response.status_code == 302


@pytest.mark.parametrize("role", ROLES)
def test_delete_a_draft(client, world, role):
    draft = world["draft"]
    login(client, world["people"][role])
    client.post(reverse("propuestas:delete", args=[draft.pk]))
    assert Proposal.objects.filter(pk=draft.pk).exists() is (role not in ("author", "member"))


@pytest.mark.parametrize("role", ROLES)
def test_withdraw(client, world, role):
    proposal = world["submitted"]
    login(client, world["people"][role])
    client.post(reverse("propuestas:withdraw", args=[proposal.pk]), {"reason": "x"})
    proposal.refresh_from_db()
    assert (proposal.status == "withdrawn") is (role in ("author", "member"))


@pytest.mark.parametrize("role", ROLES)
def test_support_needs_an_account_and_the_supports_phase(client, site, role, world):
    call = make_proposal_call(current="supports")
    proposal = ProposalFactory(call=call)
    login(client, world["people"][role])
    response = client.post(reverse("propuestas:support", args=[proposal.pk]))
    if role == "anonymous":
        check(response, "login")
        assert not Support.objects.exists()
    else:
        assert Support.objects.filter(user=world["people"][role]).count() == 1


@pytest.mark.parametrize("role", ROLES)
def test_new_join_code_only_by_coordination(client, world, role):
    group = world["group"]
    before = group.join_code
    login(client, world["people"][role])
    client.post(reverse("propuestas:group_new_code", args=[group.pk]))
    group.refresh_from_db()
    assert (group.join_code != before) is (role == "author")


@pytest.mark.parametrize("role", ROLES)
def test_leave_group(client, world, role):
    group = world["group"]
    person = world["people"][role]
    login(client, person)
    client.post(reverse("propuestas:group_leave", args=[group.pk]))
    if role in ("author", "member"):
        assert not group.memberships.filter(user=person).exists()
    assert ProposalGroup.objects.filter(pk=group.pk).exists()
