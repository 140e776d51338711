"""A person's follows, preferences and notifications are in their download and go with their account."""

import json

import pytest
from django.urls import reverse

from avisos import services
from avisos.models import Follow, Notification, Preferences, StaffMessage
from portal import personal_data
from portal.services import delete_account
from tests.avisos.factories import give_notifications
from tests.propuestas.factories import make_proposal_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(site):
    return make_proposal_call(title="Presupuesto participativo")


def test_the_registry_covers_every_avisos_model():
    assert {"avisos.Follow", "avisos.Preferences", "avisos.Notification", "avisos.StaffMessage"} <= personal_data.covered_models()


def test_download_has_follows_preferences_and_notifications(client, call, citizen):
    services.follow(user=citizen, call=call, kinds=["ballot_open"])
    services.save_preferences(user=citizen, emails=False, kinds=["staff_message"])
    give_notifications(citizen, 2, subject="Empezó la votación")
    client.force_login(citizen)
    data = json.loads(client.get(reverse("profile_export")).content)
    assert data["notification_follows"] == [
        {"call": call.title, "territory": None, "kinds": ["ballot_open"], "since": data["notification_follows"][0]["since"]}
    ]
    assert data["notification_preferences"]["emails"] is False
    assert [item["subject"] for item in data["notifications"]] == ["Empezó la votación"] * 2


def test_deleting_the_account_deletes_them_and_keeps_staff_messages_without_author(call, citizen, editor):
    services.follow(user=citizen, call=call)
    services.save_preferences(user=citizen, emails=True, kinds=[])
    give_notifications(citizen, 1)
    services.send_staff_message(actor=editor, call=call, subject="Hola", body="Texto", token="t" * 20)
    delete_account(user=citizen)
    delete_account(user=editor)
    assert not Follow.objects.exists() and not Preferences.objects.exists() and not Notification.objects.exists()
    assert StaffMessage.objects.get().author is None
