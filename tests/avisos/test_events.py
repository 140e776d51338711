"""Each kind of news reaches the right people, once."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from avisos import events, receivers
from avisos.models import Event, Kind, Notification
from banco import execution
from convocatorias.models import CallPhase
from tests.avisos.factories import follow_call, follow_territory
from tests.portal.factories import UserFactory
from tests.propuestas.factories import ProposalFactory, make_proposal_call

pytestmark = pytest.mark.django_db


def notified(kind=None, call=None):
    rows = Notification.objects.select_related("user", "event")
    if kind:
        rows = rows.filter(event__kind=kind)
    if call:
        rows = rows.filter(event__call=call)
    return sorted(row.user.email for row in rows)


@pytest.fixture
def call(site):
    return make_proposal_call(title="Presupuesto participativo", current="intake")


@pytest.fixture
def people(call):
    territories = [item.territory for item in call.territories.select_related("territory")]
    other_call = make_proposal_call(title="Otra convocatoria", code="OTR")
    follower = UserFactory(email="sigue@example.org")
    follow_call(follower, call)
    muted = UserFactory(email="callada@example.org")
    follow_call(muted, call, phase_opened=False, ballot_open=False, results_published=False)
    neighbour = UserFactory(email="vecina@example.org")
    follow_territory(neighbour, territories[0])
    both = UserFactory(email="ambas@example.org")  # follows the call and its territory: told once
    follow_call(both, call)
    follow_territory(both, territories[1])
    stranger = UserFactory(email="ajena@example.org")
    follow_call(stranger, other_call)
    gone = UserFactory(email="inactiva@example.org", is_active=True)
    follow_call(gone, call)
    gone.is_active = False
    gone.save()
    return {"territories": territories}


def test_phases_that_opened_are_announced_once_to_followers_of_the_call_and_its_territories(call, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = events.send_due_notifications()
    assert [event.kind for event in first if event.call_id == call.pk] == [Kind.PHASE_OPENED]  # intake, a day ago
    assert notified(call=call) == ["ambas@example.org", "sigue@example.org", "vecina@example.org"]
    assert notified() == ["ajena@example.org", "ambas@example.org", "sigue@example.org", "vecina@example.org"]
    assert len([m for m in mail.outbox if "empezó la fase" in m.subject]) == 4
    with django_capture_on_commit_callbacks(execute=True):
        assert events.send_due_notifications() == []
        call_command("send_due_notifications", stdout=open("/dev/null", "w"))
    assert Notification.objects.count() == 4
    assert len(mail.outbox) == 4


def test_old_phases_are_not_announced_late(call, people):
    # "announced" opened 8 days ago: beyond the lookback window.
    announced = call.phases.get(kind=CallPhase.Kind.ANNOUNCED)
    events.send_due_notifications()
    assert Event.objects.filter(call=call).count() == 1
    assert not Event.objects.filter(key__startswith=f"phase:{announced.pk}:").exists()


def test_the_voting_phase_opening_is_a_ballot_open_notice(call, people, django_capture_on_commit_callbacks):
    voting = call.phases.get(kind=CallPhase.Kind.VOTING)
    with django_capture_on_commit_callbacks(execute=True):
        events.send_due_notifications(now=voting.starts_at + dt.timedelta(minutes=5))
    assert notified(Kind.BALLOT_OPEN, call=call) == ["ambas@example.org", "sigue@example.org", "vecina@example.org"]
    assert "Ya puede votar" in Event.objects.get(kind=Kind.BALLOT_OPEN, call=call).subject


def test_results_published_by_the_count_tell_followers_once(site, django_capture_on_commit_callbacks):
    from votaciones.tally import tally_call

    call = make_proposal_call(title="Votación cerrada", current="results", code="VTC")
    territory = call.territories.first().territory
    ProposalFactory(call=call, territory=territory, status="shortlisted")
    follower = UserFactory(email="resultados@example.org")
    follow_call(follower, call)
    quiet = UserFactory(email="sin-resultados@example.org")
    follow_call(quiet, call, results_published=False)
    with django_capture_on_commit_callbacks(execute=True):
        tally_call(call)
    with django_capture_on_commit_callbacks(execute=True):
        tally_call(call)  # a recount does not tell anyone again
    assert notified(Kind.RESULTS_PUBLISHED) == ["resultados@example.org"] * 2  # one per box (two territories)
    assert Event.objects.filter(kind=Kind.RESULTS_PUBLISHED).count() == 2


def test_execution_updates_reach_project_followers_and_opted_in_call_followers(site, editor, django_capture_on_commit_callbacks):
    call = make_proposal_call(title="En obra", current="monitoring", code="OBR")
    project = ProposalFactory(call=call, status="selected")
    fan = UserFactory(email="proyecto@example.org")
    execution.follow(user=fan, proposal=project)
    opted = UserFactory(email="obras@example.org")
    follow_call(opted, call, execution_update=True)
    default = UserFactory(email="defecto@example.org")
    follow_call(default, call)  # execution updates are off by default for a call
    with django_capture_on_commit_callbacks(execute=True):
        execution.post_update(proposal=project, actor=editor, status="execution", progress=10, text="Arranca")
    assert notified(Kind.EXECUTION_UPDATE) == ["obras@example.org", "proyecto@example.org"]
    event = Event.objects.get(kind=Kind.EXECUTION_UPDATE)
    assert event.proposal_id == project.pk and "Avance del proyecto" in event.subject


def test_a_workshop_near_people_reaches_followers_of_its_territory(call, people, django_capture_on_commit_callbacks):
    workshop = SimpleNamespace(pk=7, title="Taller de la comuna", territory=people["territories"][0], call=None)
    with django_capture_on_commit_callbacks(execute=True):
        event = events.workshop_published(workshop, url="/talleres/7/")
        assert events.workshop_published(workshop) is None  # once
    assert event.kind == Kind.WORKSHOP_NEARBY
    assert notified() == ["vecina@example.org"]


def test_publishing_a_workshop_tells_the_followers_of_its_territory(call, people, django_capture_on_commit_callbacks):
    from tests.talleres.factories import make_workshop

    with django_capture_on_commit_callbacks(execute=True):
        workshop = make_workshop(title="Taller en la comuna", territory=people["territories"][0])
    event = Event.objects.get(kind=Kind.WORKSHOP_NEARBY)
    assert event.key == f"workshop:{workshop.pk}" and "Taller en la comuna" in event.subject
    assert notified() == ["vecina@example.org"]


def test_notify_event_refuses_unknown_kinds():
    with pytest.raises(ValueError):
        events.notify_event("cumpleaños", subject="x", body="y")


def test_hidden_call_phases_are_not_announced(call, people):
    call.unpublish()
    assert [phase for phase in events.due_phases(timezone.now()) if phase.call_id == call.pk] == []
