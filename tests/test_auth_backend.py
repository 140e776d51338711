"""The sign-in backend (`portal.auth`): the person read with SQL written once, Django's rules kept,
and companions (rows read with the person in the same statement, as the ballot page does)."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal import auth
from tests.test_prepared import prepared_sql
from tests.factories import UserFactory, make_voting_call
from votaciones import selectors, services

User = get_user_model()
pytestmark = pytest.mark.django_db


def field_values(user):
    return {field.attname: getattr(user, field.attname) for field in User._meta.concrete_fields}


def test_the_person_is_the_orm_own_instance_with_every_value(site):
    person = UserFactory(first_name="Ana", last_name="Pérez", last_login=dt.datetime(2026, 3, 4, 5, 6, tzinfo=dt.UTC))
    loaded = auth.user_by_pk(person.pk)
    assert isinstance(loaded, User) and not loaded._state.adding and loaded._state.db == "default"
    assert field_values(loaded) == field_values(User.objects.get(pk=person.pk))
    assert auth.user_by_pk(str(person.pk)).pk == person.pk  # the session keeps it as text


@pytest.mark.parametrize("pk", ["abc", "", None, 10**9])
def test_unknown_or_malformed_keys_give_nobody(pk):
    assert auth.user_by_pk(pk) is None
    assert auth.ModelBackend().get_user(pk) is None


def test_inactive_people_are_signed_out(client, site):
    person = UserFactory()
    client.force_login(person)
    assert client.get(reverse("profile")).status_code == 200
    User.objects.filter(pk=person.pk).update(is_active=False)
    response = client.get(reverse("profile"))
    assert response.status_code == 302 and "/cuentas/login/" in response["Location"]


def test_a_password_change_elsewhere_ends_the_session(client, site):
    person = UserFactory()
    client.force_login(person)
    person.set_password("otra-clave-larga-2026")
    person.save()
    response = client.get(reverse("profile"))
    assert response.status_code == 302 and "/cuentas/login/" in response["Location"]


def test_a_companion_comes_in_the_same_statement(site):
    _call, box, (a, *_rest) = make_voting_call()
    person = UserFactory()
    services.cast_online_ballot(box=box, user=person, choices={a.pk: 1})
    state = selectors.voter_state(box)
    with CaptureQueriesContext(connection) as queries, auth.loading_user_with(state):
        loaded = auth.user_by_pk(person.pk)
    assert len(queries.captured_queries) == 1
    assert loaded.pk == person.pk and loaded._participa_confirmed is True
    assert [ballot.box_id for ballot in state.ballots] == [box.pk]
    # The ballot page then reads nothing more for the person's state (but their choices).
    with CaptureQueriesContext(connection) as queries:
        ballots = selectors.voter_ballots(box, loaded, state)
    assert [b.pk for b in ballots] == [b.pk for b in state.ballots] and len(queries.captured_queries) == 1
    # Outside the block, the person comes alone and the state is read on its own, the same.
    alone = auth.user_by_pk(person.pk)
    assert not hasattr(alone, "_participa_confirmed")
    assert [b.pk for b in selectors.voter_ballots(box, alone)] == [b.pk for b in ballots]


def test_a_companion_of_someone_without_ballots_or_confirmed_email(site):
    _call, box, _proposals = make_voting_call()
    person = UserFactory(verified=False)
    state = selectors.voter_state(box)
    with auth.loading_user_with(state):
        loaded = auth.user_by_pk(person.pk)
    assert loaded.pk == person.pk and loaded._participa_confirmed is False and state.ballots == []


def test_the_ballot_page_reads_the_person_with_their_ballots(client, site):
    _call, box, _proposals = make_voting_call()
    person = UserFactory()
    client.force_login(person)
    url = reverse("votaciones:ballot", args=[box.pk])
    client.get(url)  # warm: the box, its projects and the site settings cached
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    statements = [prepared_sql(q["sql"]) for q in queries.captured_queries]
    people = [sql for sql in statements if '"portal_user"' in sql]
    assert len(people) == 1 and '"votaciones_ballot"' in people[0]
