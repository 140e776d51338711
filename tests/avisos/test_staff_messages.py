"""Staff messages to the participants of a call: who may, preview, sent once, logged, never voters."""

import pytest
from django.core import mail
from django.urls import reverse

from avisos import services
from avisos.models import Notification, StaffMessage
from avisos.recipients import staff_message_recipients
from portal.errors import ActionRefused
from propuestas.models import GroupMembership, ProposalGroup, Support
from tests.avisos.factories import follow_call
from tests.portal.factories import UserFactory
from tests.propuestas.factories import ProposalFactory, make_proposal_call

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "citizen", "evaluator", "moderator", "editor", "admin"]


@pytest.fixture
def roles(citizen, editor, evaluator, moderator, admin_user):
    return {"anonymous": None, "citizen": citizen, "evaluator": evaluator, "moderator": moderator, "editor": editor, "admin": admin_user}


@pytest.fixture
def call(site):
    return make_proposal_call(title="Presupuesto participativo", current="supports")


@pytest.fixture
def participants(call):
    follower = UserFactory(email="sigue@example.org")
    follow_call(follower, call, phase_opened=False, ballot_open=False, results_published=False)
    author = UserFactory(email="autora@example.org")
    proposal = ProposalFactory(call=call, author=author)
    supporter = UserFactory(email="apoya@example.org")
    Support.objects.create(proposal=proposal, user=supporter)
    member = UserFactory(email="grupo@example.org")
    group = ProposalGroup.objects.create(name="Vecinos", created_by=member)
    GroupMembership.objects.create(group=group, user=member)
    ProposalFactory(call=call, author=None, group=group)
    ProposalFactory(call=call, author=UserFactory(email="borrador@example.org"), status="draft", reference=None)
    other = make_proposal_call(title="Otra", code="OTR")
    ProposalFactory(call=other, author=UserFactory(email="otra@example.org"))
    return ["apoya@example.org", "autora@example.org", "grupo@example.org", "sigue@example.org"]


def emails(ids):
    from django.contrib.auth import get_user_model

    return sorted(get_user_model().objects.filter(pk__in=ids).values_list("email", flat=True))


def test_participants_are_followers_authors_group_members_and_supporters_never_drafts_or_voters(call, participants):
    from votaciones.models import Ballot  # noqa: F401  (voters are not a source: nothing reads ballots)

    assert emails(staff_message_recipients(call)) == participants


def test_a_message_is_sent_once_and_logged(call, participants, editor, django_capture_on_commit_callbacks):
    token = services.new_message_token()
    with django_capture_on_commit_callbacks(execute=True):
        message, created = services.send_staff_message(actor=editor, call=call, subject="Reunión", body="El martes", token=token)
        again, created_again = services.send_staff_message(actor=editor, call=call, subject="Reunión", body="El martes", token=token)
    assert created and not created_again and again.pk == message.pk
    assert sorted(address for m in mail.outbox for address in m.to) == participants
    message.refresh_from_db()
    assert message.recipients_count == 4 and message.author == editor and message.sent_at
    assert Notification.objects.count() == 4


@pytest.mark.parametrize("fields", [{"subject": ""}, {"body": "  "}, {"subject": "x" * 151}, {"body": "x" * 5001}, {"token": ""}])
def test_bad_messages_are_refused_and_change_nothing(call, editor, fields):
    data = {"subject": "Reunión", "body": "El martes", "token": services.new_message_token(), **fields}
    with pytest.raises(ActionRefused):
        services.send_staff_message(actor=editor, call=call, **data)
    assert not StaffMessage.objects.exists()


def test_only_staff_with_the_permission_send(call, citizen, moderator, evaluator):
    for person in (citizen, moderator, evaluator):
        with pytest.raises(ActionRefused):
            services.send_staff_message(actor=person, call=call, subject="a", body="b", token=services.new_message_token())
    assert not StaffMessage.objects.exists()


ALLOWED = {"editor", "admin"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["avisos_admin:index", "avisos_admin:compose"])
def test_admin_screens_by_role(client, call, roles, role, name):
    user = roles[role]
    if user is not None:
        client.force_login(user)
    response = client.get(reverse(name))
    if role in ALLOWED:
        assert response.status_code == 200
    else:
        assert response.status_code == 302  # to the login page or the admin's home with a message
        assert client.post(reverse("avisos_admin:compose"), {"call": call.pk, "subject": "a", "body": "b", "token": "t" * 20, "step": "send"}).status_code in (302, 403)
        assert not StaffMessage.objects.exists()


def test_admin_preview_then_send_once(client, call, participants, editor, django_capture_on_commit_callbacks):
    client.force_login(editor)
    url = reverse("avisos_admin:compose")
    preview = client.post(url, {"call": call.pk, "subject": "Reunión <b>", "body": "El martes"})
    page = preview.content.decode()
    assert preview.status_code == 200 and "Vista previa" in page and "Se enviará a 4 personas" in page
    assert "Reunión &lt;b&gt;" in page
    assert not StaffMessage.objects.exists() and mail.outbox == []
    token = preview.context["form"].initial["token"]
    data = {"call": call.pk, "subject": "Reunión", "body": "El martes", "token": token, "step": "send"}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
        assert client.post(url, data).status_code == 302  # double submit
    assert StaffMessage.objects.count() == 1 and len(mail.outbox) == 4
    log = client.get(reverse("avisos_admin:index")).content.decode()
    assert "Reunión" in log and "editora@example.org" in log


def test_admin_compose_rejects_bad_input_with_a_400(client, call, editor):
    client.force_login(editor)
    response = client.post(reverse("avisos_admin:compose"), {"call": "999999", "subject": "", "body": "x"})
    assert response.status_code == 400
    assert not StaffMessage.objects.exists()


def test_admin_log_queries_do_not_grow(client, call, editor, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(editor)
    services.send_staff_message(actor=editor, call=call, subject="Uno", body="b", token=services.new_message_token())
    client.get(reverse("avisos_admin:index"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("avisos_admin:index"))
    for n in range(9):
        services.send_staff_message(actor=editor, call=call, subject=f"M{n}", body="b", token=services.new_message_token())
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("avisos_admin:index"))
    assert len(many) == len(few)


def test_the_menu_shows_messages_only_to_editors(client, editor, moderator):
    client.force_login(editor)
    assert "Mensajes a participantes" in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(moderator)
    assert "Mensajes a participantes" not in client.get(reverse("wagtailadmin_home")).content.decode()
