"""Registration under real concurrency (PostgreSQL): the workshop's row lock holds the capacity."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from portal.errors import ActionRefused
from talleres import services
from talleres.models import Participation, Workshop
from tests.portal.factories import UserFactory
from tests.votaciones.test_voting_concurrency import run_together

from .factories import make_workshop

pytestmark = [
    pytest.mark.performance,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="real concurrent connections need PostgreSQL (set DATABASE_URL=postgres://…)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_eight_people_race_for_three_places():
    workshop = make_workshop(capacity=3)
    people = [UserFactory().pk for _ in range(8)]

    def work(index):
        user = get_user_model().objects.get(pk=people[index])
        return services.register(workshop=Workshop.objects.get(pk=workshop.pk), user=user)

    results, errors = run_together(8, work)
    assert len(results) == 3
    assert all(isinstance(error, ActionRefused) and error.code == "full" for error in errors.values())
    assert Participation.objects.filter(workshop=workshop, status="registered").count() == 3


def test_one_person_double_click_registers_once():
    workshop = make_workshop(capacity=10)
    person = UserFactory().pk

    def work(index):
        user = get_user_model().objects.get(pk=person)
        return services.register(workshop=Workshop.objects.get(pk=workshop.pk), user=user).pk

    results, errors = run_together(4, work)
    assert not errors and len(set(results.values())) == 1
    assert Participation.objects.filter(workshop=workshop).count() == 1
