"""Delivery: batches through the task queue, emails with one-click unsubscribe, the in-site list."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from avisos import services, tasks
from avisos.models import Event, Follow, Kind, Notification, Preferences
from tests.avisos.factories import follow_call, give_notifications, make_event
from tests.avisos.queue import DUMMY_TASKS, queued, run_queued
from tests.portal.factories import UserFactory
from tests.propuestas.factories import make_proposal_call

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "citizen", "evaluator", "moderator", "editor", "admin"]


@pytest.fixture
def roles(citizen, editor, evaluator, moderator, admin_user):
    return {"anonymous": None, "citizen": citizen, "evaluator": evaluator, "moderator": moderator, "editor": editor, "admin": admin_user}


@pytest.fixture
def call(site):
    return make_proposal_call(title="Presupuesto participativo", current="intake")


@pytest.fixture
def dummy_tasks(settings):
    settings.TASKS = DUMMY_TASKS
    queued().clear()
    yield
    queued().clear()


def many_followers(call, count):
    User = get_user_model()
    users = User.objects.bulk_create(
        [User(email=f"seguidor{n}@example.org", display_name=f"Seguidor {n}", password="!") for n in range(count)]
    )
    if not users[0].pk:  # backends that do not return ids
        users = list(User.objects.filter(email__startswith="seguidor"))
    Follow.objects.bulk_create([Follow(user=user, call=call) for user in users])
    return users


def test_ten_thousand_followers_are_twenty_batches_and_the_trigger_only_enqueues(call, dummy_tasks, django_capture_on_commit_callbacks, django_assert_max_num_queries):
    many_followers(call, 10_000)
    with django_capture_on_commit_callbacks(execute=True):
        event = services.notify_event(Kind.PHASE_OPENED, call=call, subject="Empieza", body="Texto", url=call.url, key="t:1")
    assert [job.task.name for job in queued()] == ["fan_out"]  # the trigger queued one job, sent nothing
    assert mail.outbox == [] and not Notification.objects.exists()
    run_queued(name="fan_out")
    assert len(queued()) == 20 and {job.task.name for job in queued()} == {"deliver_batch"}
    assert all(len(job.kwargs["user_ids"]) == 500 for job in queued())
    event.refresh_from_db()
    assert event.recipients_count == 10_000
    with django_assert_max_num_queries(12):
        run_queued(limit=1)
    assert Notification.objects.count() == 500 and len(mail.outbox) == 500


def test_batches_are_safe_to_run_twice(call, dummy_tasks):
    users = many_followers(call, 30)
    event = make_event(call=call)
    ids = [user.pk for user in users]
    assert tasks.deliver_batch.call(event_id=event.pk, user_ids=ids) == 30
    assert tasks.deliver_batch.call(event_id=event.pk, user_ids=ids) == 0
    assert Notification.objects.count() == 30 and len(mail.outbox) == 30


def test_query_count_per_batch_does_not_grow_with_its_size(call, dummy_tasks, django_assert_num_queries, settings):
    users = many_followers(call, 400)
    small, large = make_event(call=call), make_event(call=call)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        tasks.deliver_batch.call(event_id=small.pk, user_ids=[u.pk for u in users[:20]])
    with CaptureQueriesContext(connection) as many:
        tasks.deliver_batch.call(event_id=large.pk, user_ids=[u.pk for u in users[20:220]])
    assert len(many) == len(few)


def test_emails_carry_one_click_unsubscribe_headers(call, citizen, django_capture_on_commit_callbacks):
    follow_call(citizen, call)
    with django_capture_on_commit_callbacks(execute=True):
        services.notify_event(Kind.PHASE_OPENED, call=call, subject="Empieza <b>", body="Texto <script>", url=call.url)
    message = mail.outbox[-1]
    assert message.to == ["ciudadana@example.org"]
    header = message.extra_headers["List-Unsubscribe"]
    assert re.fullmatch(r"<http://testserver/avisos/baja/[^/>]+/>", header)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert header[1:-1] in message.body and "/cuenta/avisos/preferencias/" in message.body
    html = message.alternatives[0][0]
    assert "&lt;script&gt;" in html and "<script>" not in html
    # The email's own headers as a mail server sees them.
    raw = message.message().as_string()
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in raw
    assert re.search(r"List-Unsubscribe:\s+<http://testserver/avisos/baja/", raw)


def _unsubscribe_path(message):
    return message.extra_headers["List-Unsubscribe"][1:-1].split("testserver", 1)[1]


def test_one_click_post_unsubscribes_without_login_nor_csrf(call, citizen, django_capture_on_commit_callbacks):
    from django.test import Client

    follow_call(citizen, call)
    with django_capture_on_commit_callbacks(execute=True):
        services.notify_event(Kind.PHASE_OPENED, call=call, subject="Empieza", body="Texto")
    path = _unsubscribe_path(mail.outbox[-1])
    client = Client(enforce_csrf_checks=True)
    page = client.get(path)
    assert page.status_code == 200 and "Darme de baja" in page.content.decode()
    assert not Preferences.objects.exists()  # GET changes nothing
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    prefs = Preferences.objects.get(user=citizen)
    assert prefs.phase_opened is False and prefs.emails is True and prefs.ballot_open is True
    assert client.post(path).status_code == 200  # a second click is harmless
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.notify_event(Kind.PHASE_OPENED, call=call, subject="Otra fase", body="Texto")
    assert mail.outbox == []  # no more emails of that kind…
    assert Notification.objects.filter(user=citizen).count() == 2  # …but the in-site list keeps them


def test_project_unsubscribe_stops_following_the_project(site, editor, citizen, django_capture_on_commit_callbacks):
    from banco import execution
    from banco.models import ProjectFollow
    from tests.propuestas.factories import ProposalFactory

    project = ProposalFactory(call=make_proposal_call(current="monitoring", code="OBR"), status="selected")
    execution.follow(user=citizen, proposal=project)
    with django_capture_on_commit_callbacks(execute=True):
        execution.post_update(proposal=project, actor=editor, status="execution", progress=5, text="Empieza")
    path = _unsubscribe_path(mail.outbox[-1])
    assert "dejar-de-seguir" in mail.outbox[-1].body
    from django.test import Client

    assert Client(enforce_csrf_checks=True).post(path).status_code == 200
    assert not ProjectFollow.objects.filter(user=citizen).exists()


def test_unsubscribe_of_a_deleted_account_is_harmless(client, citizen):
    token = services.unsubscribe_token(user_id=citizen.pk, kind=Kind.PHASE_OPENED)
    citizen.delete()
    assert client.post(reverse("avisos:unsubscribe", args=[token])).status_code == 200
    assert not Preferences.objects.exists()


@pytest.mark.parametrize("token", ["basura", "a" * 400, "eyJ1IjoxfQ:1:bad"])
def test_bad_unsubscribe_tokens_are_a_clear_400(client, token):
    for method in (client.get, client.post):
        response = method(reverse("avisos:unsubscribe", args=[token]))
        assert response.status_code == 400
        assert "no es válido" in response.content.decode()


def test_people_who_turned_emails_off_still_see_the_notice(call, citizen, django_capture_on_commit_callbacks):
    follow_call(citizen, call)
    services.save_preferences(user=citizen, emails=False, kinds=[])
    with django_capture_on_commit_callbacks(execute=True):
        services.notify_event(Kind.PHASE_OPENED, call=call, subject="Empieza", body="Texto")
    assert mail.outbox == []
    assert Notification.objects.filter(user=citizen).count() == 1


# --- The in-site list ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["avisos:inbox", "avisos:preferences"])
def test_account_pages_by_role(client, roles, role, name):
    user = roles[role]
    if user is not None:
        client.force_login(user)
    response = client.get(reverse(name))
    if user is None:
        assert response.status_code == 302 and "/login/" in response["Location"]
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_unsubscribe_page_is_open_to_everyone_with_the_link(client, roles, role, citizen):
    user = roles[role]
    if user is not None:
        client.force_login(user)
    token = services.unsubscribe_token(user_id=citizen.pk, kind=Kind.BALLOT_OPEN)
    assert client.get(reverse("avisos:unsubscribe", args=[token])).status_code == 200


def test_inbox_lists_only_my_notifications_and_marks_them_read(client, citizen):
    other = UserFactory()
    give_notifications(citizen, 2, subject="Mío")
    give_notifications(other, 1, subject="Ajeno")
    client.force_login(citizen)
    page = client.get(reverse("avisos:inbox")).content.decode()
    assert page.count("Mío") == 2 and "Ajeno" not in page
    assert "Nuevo" in page
    assert client.post(reverse("avisos:inbox")).status_code == 302
    assert not Notification.objects.filter(user=citizen, read_at=None).exists()
    assert Notification.objects.filter(user=other, read_at=None).count() == 1


def test_opening_a_notification_marks_it_read_and_follows_its_local_link(client, citizen):
    mine = give_notifications(citizen, 1, url="/banco/")[0]
    evil = give_notifications(citizen, 1, url="https://evil.example/")[0]
    theirs = give_notifications(UserFactory(), 1)[0]
    client.force_login(citizen)
    assert client.post(reverse("avisos:open", args=[mine.pk]))["Location"] == "/banco/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert client.post(reverse("avisos:open", args=[evil.pk]))["Location"] == reverse("avisos:inbox")
    assert client.post(reverse("avisos:open", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("avisos:open", args=["x"])).status_code == 404
    assert client.get(reverse("avisos:open", args=[mine.pk])).status_code == 405


def test_inbox_queries_do_not_grow_with_ten_times_the_notifications(client, citizen, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(citizen)
    give_notifications(citizen, 3)
    client.get(reverse("avisos:inbox"))  # warm the session
    services.forget_unread([citizen.pk])  # the header's count is read in both
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("avisos:inbox")).status_code == 200
    give_notifications(citizen, 27)
    services.forget_unread([citizen.pk])
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("avisos:inbox")).status_code == 200
    assert len(many) == len(few)


def test_the_header_shows_the_unread_count_at_one_cached_query(client, citizen):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    give_notifications(citizen, 3)
    client.force_login(citizen)
    page = client.get(reverse("avisos:preferences")).content.decode()
    assert "3 avisos sin leer" in page
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("avisos:preferences"))
    assert not [q for q in queries.captured_queries if "avisos_notification" in q["sql"]]  # cached
    services.mark_all_read(user=citizen)
    assert "avisos sin leer" not in client.get(reverse("avisos:preferences")).content.decode()


def test_preferences_save_and_refuse_unknown_kinds(client, citizen):
    client.force_login(citizen)
    response = client.post(reverse("avisos:preferences"), {"emails": "on", "kinds": ["ballot_open", "staff_message"]})
    assert response.status_code == 302
    prefs = Preferences.objects.get(user=citizen)
    assert prefs.emails and prefs.ballot_open and prefs.staff_message and not prefs.phase_opened
    response = client.post(reverse("avisos:preferences"), {"kinds": ["basura"]})
    assert response.status_code == 400
    prefs.refresh_from_db()
    assert prefs.emails is True


def test_event_counts_are_logged(call, citizen, django_capture_on_commit_callbacks):
    follow_call(citizen, call)
    with django_capture_on_commit_callbacks(execute=True):
        event = services.notify_event(Kind.PHASE_OPENED, call=call, subject="Empieza", body="Texto")
    event = Event.objects.get(pk=event.pk)
    assert (event.recipients_count, event.emails_sent, event.batches_done) == (1, 1, 1)
