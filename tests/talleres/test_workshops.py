"""Workshops: public pages, registration with capacity, attendance with and without an account,
consent, the call's calendar, personal data."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from convocatorias.models import CallEvent
from portal import personal_data
from portal.errors import ActionRefused
from talleres import services, signals
from talleres.models import Participation, Workshop
from tests.portal.factories import UserFactory

from .factories import add_people, make_call_workshop, make_workshop

pytestmark = pytest.mark.django_db


def test_register_and_cancel_online(client, site, citizen, password):
    workshop = make_call_workshop(capacity=2)
    client.login(email=citizen.email, password=password)
    response = client.post(reverse("talleres:register", args=[workshop.pk]), follow=True)
    assert "Quedó inscrita" in response.content.decode()
    assert "Queda 1 cupo de 2" in response.content.decode()
    assert Participation.objects.filter(workshop=workshop, user=citizen, status="registered").count() == 1
    # A double click registers once.
    client.post(reverse("talleres:register", args=[workshop.pk]))
    assert Participation.objects.filter(workshop=workshop, user=citizen).count() == 1
    response = client.post(reverse("talleres:cancel", args=[workshop.pk]), follow=True)
    assert "Su inscripción fue cancelada" in response.content.decode()
    assert services.places_left(workshop) == 2
    # Registering again reuses the row.
    services.register(workshop=workshop, user=citizen)
    assert Participation.objects.filter(workshop=workshop, user=citizen, status="registered").count() == 1


def test_capacity_is_enforced_and_nothing_changes(site):
    workshop = make_call_workshop(capacity=1)
    first, second = UserFactory(), UserFactory()
    services.register(workshop=workshop, user=first)
    with pytest.raises(ActionRefused, match="No quedan cupos"):
        services.register(workshop=workshop, user=second)
    assert workshop.participations.count() == 1


def test_unconfirmed_and_closed_registration_are_refused(site):
    workshop = make_call_workshop()
    with pytest.raises(ActionRefused, match="Confirme su correo"):
        services.register(workshop=workshop, user=UserFactory(verified=False))
    past = make_workshop(days=-3)
    with pytest.raises(ActionRefused, match="no está abierta"):
        services.register(workshop=past, user=UserFactory())
    assert Participation.objects.count() == 0


def test_registration_signal_and_published_signal(site):
    received = []

    def listener(sender, **kwargs):
        received.append(kwargs)

    signals.workshop_published.connect(listener)
    try:
        from django.test import TestCase

        with TestCase.captureOnCommitCallbacks(execute=True):
            workshop = make_workshop(title="Publicado")
        assert received and received[0]["workshop"].pk == workshop.pk
        received.clear()
        with TestCase.captureOnCommitCallbacks(execute=True):
            hidden = make_workshop(title="Oculto", published=False)
        assert received == []
        with TestCase.captureOnCommitCallbacks(execute=True):
            hidden = Workshop.objects.get(pk=hidden.pk)
            hidden.published = True
            hidden.save()
        assert [item["workshop"].pk for item in received] == [hidden.pk]
    finally:
        signals.workshop_published.disconnect(listener)


def test_a_workshop_of_a_call_is_on_its_calendar(client, site):
    workshop = make_call_workshop(title="Taller comuna 1")
    event = CallEvent.objects.get(pk=Workshop.objects.get(pk=workshop.pk).call_event_id)
    assert event.title == "Taller comuna 1" and event.call_id == workshop.call_id
    workshop.title = "Taller comuna 1 (nueva fecha)"
    workshop.save()
    event.refresh_from_db()
    assert event.title == "Taller comuna 1 (nueva fecha)"
    response = client.get(workshop.call.url + "calendario/")
    assert b"Taller comuna 1 (nueva fecha)" in response.content
    workshop.published = False
    workshop.save()
    assert not CallEvent.objects.filter(pk=event.pk).exists()


def test_attendance_with_and_without_account_and_consent(client, site, facilitator, password):
    workshop = make_call_workshop()
    table = workshop.tables.first()
    person = UserFactory()
    registered = services.register(workshop=workshop, user=person)
    client.login(email=facilitator.email, password=password)
    url = reverse("talleres:attendance", args=[workshop.pk])
    response = client.get(url)
    assert response.status_code == 200 and person.public_name in response.content.decode()
    response = client.post(url, {"participation": registered.pk, "attended": "on", "table": table.pk})
    assert response.status_code == 302
    registered.refresh_from_db()
    assert registered.attended and registered.table == table
    # At the door, without consent: nothing that tells the person is kept.
    response = client.post(url, {"action": "door", "name": "", "gender": "", "age_range": ""})
    assert response.status_code == 302
    anonymous = Participation.objects.filter(workshop=workshop, user=None).get()
    assert (anonymous.name, anonymous.gender, anonymous.attended) == ("", "", True)
    # A name or demographics without their consent are refused, nothing added.
    response = client.post(url, {"action": "door", "name": "Ana", "gender": "woman"})
    assert response.status_code == 400
    assert "Sin su autorización" in response.content.decode()
    assert Participation.objects.filter(workshop=workshop).count() == 2
    response = client.post(
        url,
        {
            "action": "door",
            "name": "Ana",
            "name_consent": "on",
            "demographics_consent": "on",
            "gender": "woman",
            "age_range": "18-29",
            "table": table.pk,
        },
    )
    assert response.status_code == 302
    ana = Participation.objects.get(workshop=workshop, name="Ana")
    assert (ana.gender, ana.age_range, ana.table, ana.name_consent, ana.demographics_consent) == (
        "woman",
        "18-29",
        table,
        True,
        True,
    )


def test_services_drop_what_consent_does_not_cover(site, facilitator):
    workshop = make_call_workshop()
    participation = services.add_at_door(
        workshop=workshop, by=facilitator, name="Luis", name_consent=False, gender="man", demographics_consent=False
    )
    assert (participation.name, participation.gender, participation.display_name) == ("", "", "Participante sin nombre")


def test_only_facilitation_takes_attendance(site, citizen):
    workshop = make_call_workshop()
    with pytest.raises(ActionRefused):
        services.add_at_door(workshop=workshop, by=citizen)
    # A facilitator named on the workshop may, without the staff permission.
    workshop.facilitators.add(citizen)
    workshop.save()
    services.add_at_door(workshop=workshop, by=citizen)
    assert workshop.participations.count() == 1


def test_a_table_of_another_workshop_is_refused(site, facilitator):
    workshop, other = make_call_workshop(), make_workshop()
    with pytest.raises(ActionRefused, match="no pertenece"):
        services.add_at_door(workshop=workshop, by=facilitator, table=other.tables.first())


def test_workshop_pages(client, site):
    upcoming = make_call_workshop(title="Taller próximo", capacity=30)
    past = make_workshop(title="Encuentro realizado", days=-10, kind="encuentro", minutes="Se acordaron tres ideas.")
    make_workshop(title="Borrador oculto", published=False)
    add_people(past, 4)
    response = client.get(reverse("talleres:list"))
    body = response.content.decode()
    assert "Taller próximo" in body and "Encuentro realizado" not in body and "Borrador oculto" not in body
    body = client.get(reverse("talleres:list") + "?cuando=pasados").content.decode()
    assert "Encuentro realizado" in body and "4 asistentes" in body
    body = client.get(reverse("talleres:list") + f"?convocatoria={upcoming.call_id}").content.decode()
    assert "Taller próximo" in body
    body = client.get(reverse("talleres:list") + "?territorio=999999").content.decode()
    assert "Taller próximo" not in body
    assert client.get(reverse("talleres:list") + "?territorio=abc&pagina=zz").status_code == 200
    body = client.get(past.get_absolute_url()).content.decode()
    assert "Se acordaron tres ideas." in body and "Asistieron 4 personas." in body
    body = client.get(upcoming.get_absolute_url()).content.decode()
    assert "Quedan 30 cupos de 30" in body and "Movilidad" in body
    assert client.get(reverse("talleres:detail", args=[999999])).status_code == 404


def test_workshop_pages_run_a_constant_number_of_queries(client, site, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    workshop = make_call_workshop()
    make_workshop(title="Otro")
    client.get(reverse("talleres:list"))  # warm the caches (site settings, navigation)
    client.get(workshop.get_absolute_url())
    with CaptureQueriesContext(connection) as few_list:
        client.get(reverse("talleres:list"))
    with CaptureQueriesContext(connection) as few_detail:
        client.get(workshop.get_absolute_url())
    for index in range(5):
        make_workshop(title=f"Taller {index}", tables=("A", "B", "C"))
    add_people(workshop, 15)
    for index in range(3):
        services.register(workshop=workshop, user=UserFactory())
    with django_assert_num_queries(len(few_list)):
        client.get(reverse("talleres:list"))
    with django_assert_num_queries(len(few_detail)):
        client.get(workshop.get_absolute_url())


def test_attendance_page_runs_a_constant_number_of_queries(client, site, facilitator, password):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    workshop = make_call_workshop()
    client.login(email=facilitator.email, password=password)
    url = reverse("talleres:attendance", args=[workshop.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add_people(workshop, 20)
    for index in range(3):
        services.register(workshop=workshop, user=UserFactory())
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_personal_data_download_and_deletion(site):
    workshop = make_call_workshop()
    person = UserFactory()
    person.demographics_consent = True
    person.save()
    participation = services.register(workshop=workshop, user=person)
    exported = personal_data.export_sections(user=person)["workshop_participations"]
    assert exported[0]["workshop"] == workshop.title
    personal_data.erase_all(user=person)
    person.delete()
    participation.refresh_from_db()
    assert participation.user_id is None and participation.name == "" and participation.status == "registered"


def test_registration_stays_closed_after_the_workshop(site):
    workshop = make_workshop(starts_at=timezone.now() - dt.timedelta(hours=1))
    with pytest.raises(ActionRefused):
        services.register(workshop=workshop, user=UserFactory())
    assert not mail.outbox


def test_a_facilitator_creates_a_workshop_in_the_admin(client, site, facilitator, password):
    from tests.convocatorias.factories import TerritoryFactory

    territory = TerritoryFactory()
    client.login(email=facilitator.email, password=password)
    data = {
        "kind": "workshop",
        "title": "Taller de la comuna 5",
        "starts_at": "2030-05-04 09:00",
        "place": "Sede comunal",
        "territory": territory.pk,
        "capacity": "25",
        "registration_open": "on",
        "published": "on",
        "facilitators": [facilitator.pk],
        "tables-TOTAL_FORMS": "1",
        "tables-INITIAL_FORMS": "0",
        "tables-MIN_NUM_FORMS": "0",
        "tables-MAX_NUM_FORMS": "1000",
        "tables-0-name": "Mesa de jóvenes",
        "tables-0-theme": "Cultura",
        "tables-0-ORDER": "1",
        "tables-0-id": "",
        "tables-0-DELETE": "",
        "materials-TOTAL_FORMS": "0",
        "materials-INITIAL_FORMS": "0",
        "materials-MIN_NUM_FORMS": "0",
        "materials-MAX_NUM_FORMS": "1000",
    }
    response = client.post(reverse("wagtailsnippets_talleres_workshop:add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    workshop = Workshop.objects.get(title="Taller de la comuna 5")
    assert [table.name for table in workshop.tables.all()] == ["Mesa de jóvenes"]
    assert list(workshop.facilitators.all()) == [facilitator]
    # A citizen is never offered as a facilitator.
    form = client.get(reverse("wagtailsnippets_talleres_workshop:add")).content.decode()
    assert facilitator.public_name in form
