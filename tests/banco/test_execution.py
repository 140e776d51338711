"""Execution monitoring (seguimiento): services, the staff screens, following projects, the
project's timeline on its page, and privacy."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from banco import execution
from banco.models import ExecutionPhoto, ExecutionUpdate, ProjectFollow
from evaluacion.models import EvaluationDecision
from propuestas.models import Proposal, ProposalEvent
from portal.errors import ActionRefused
from tests.portal.factories import UserFactory
from tests.propuestas.factories import ProposalFactory, make_proposal_call

pytestmark = pytest.mark.django_db

XSS = '<script>alert("obra")</script>'


@pytest.fixture(autouse=True)
def _media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def call(site):
    return make_proposal_call(title="Presupuesto por colonia", code="PPC", current="monitoring")


@pytest.fixture
def project(call):
    return ProposalFactory(call=call, status="selected", title="Rehabilitación de la plaza")


@pytest.fixture
def roles(citizen, editor, evaluator, moderator, admin_user):
    return {
        "anonymous": None,
        "citizen": citizen,
        "evaluator": evaluator,
        "moderator": moderator,
        "editor": editor,
        "admin": admin_user,
    }


def png(name="obra.png", size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (90, 120, 60)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def post(project, actor, **fields):
    data = {"status": "execution", "progress": 35, "committed_amount": 300_000, "spent_amount": 90_000,
            "start_date": dt.date(2026, 1, 10), "end_date": dt.date(2026, 6, 30), "text": "Arrancó la obra."}
    data.update(fields)
    return execution.post_update(proposal=project, actor=actor, **data)


def state(project):
    project.refresh_from_db()
    return project.status


# --- Selectors -----------------------------------------------------------------------------------


def test_latest_updates_is_one_query_and_returns_the_newest_of_each_project(call, editor, django_assert_num_queries):
    first, second, silent = (ProposalFactory(call=call, status="selected") for _ in range(3))
    now = timezone.now()
    post(first, editor, status="planned", progress=0, now=now - dt.timedelta(days=3))
    newest = post(first, editor, progress=40, now=now - dt.timedelta(days=1))
    post(first, editor, progress=20, now=now - dt.timedelta(days=2))
    only = post(second, editor, status="tender", progress=0, now=now)
    with django_assert_num_queries(1):
        latest = execution.latest_updates([first.pk, second.pk, silent.pk])
    assert latest == {first.pk: newest, second.pk: only}
    assert execution.latest_updates([]) == {}


def test_is_following(project, citizen):
    assert execution.is_following(citizen, project) is False
    execution.follow(user=citizen, proposal=project)
    assert execution.is_following(citizen, project) is True
    from django.contrib.auth.models import AnonymousUser

    assert execution.is_following(AnonymousUser(), project) is False


# --- Services: posting updates -------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"progress": 101}, "progress"),
        ({"progress": -1}, "progress"),
        ({"progress": "mucho"}, "progress"),
        ({"committed_amount": -5}, "committed_amount"),
        ({"spent_amount": -1}, "spent_amount"),
        ({"spent_amount": 400_000}, "spent_amount"),
        ({"committed_amount": None, "spent_amount": 10}, "committed_amount"),
        ({"start_date": dt.date(2026, 5, 1), "end_date": dt.date(2026, 4, 1)}, "end_date"),
        ({"status": "completed", "progress": 90}, "progress"),
        ({"status": "abandoned"}, "status"),
        ({"text": "   "}, "text"),
        ({"text": "x" * 5001}, "text"),
    ],
)
def test_invalid_updates_are_refused_and_change_nothing(project, editor, citizen, fields, field):
    execution.follow(user=citizen, proposal=project)
    with pytest.raises(ValidationError) as error:
        post(project, editor, **fields)
    assert field in error.value.error_dict
    message = " ".join(error.value.error_dict[field][0].messages)
    assert message and "Ensure" not in message  # a Spanish message from the service
    assert not ExecutionUpdate.objects.exists()
    assert state(project) == "selected"
    assert not ProposalEvent.objects.filter(proposal=project).exists()
    assert mail.outbox == []


@pytest.mark.parametrize("status", ["draft", "submitted", "admitted", "shortlisted", "not_selected", "withdrawn"])
def test_only_selected_in_execution_or_completed_projects_get_updates(call, editor, status):
    proposal = ProposalFactory(call=call, status=status)
    with pytest.raises(ActionRefused) as error:
        post(proposal, editor)
    assert error.value.code == "invalid_state"
    assert "seguimiento" in error.value.message
    assert not ExecutionUpdate.objects.exists()


@pytest.mark.parametrize("who", ["citizen", "evaluator", "moderator"])
def test_only_staff_with_the_permission_post_updates(project, roles, who):
    with pytest.raises(ActionRefused) as error:
        post(project, roles[who])
    assert error.value.code == "forbidden"
    assert not ExecutionUpdate.objects.exists()
    assert state(project) == "selected"


def test_updates_move_the_project_through_its_lifecycle(project, editor):
    post(project, editor, status="planned", progress=0, spent_amount=0)
    assert state(project) == "selected"
    post(project, editor, status="tender", progress=0, spent_amount=0)
    assert state(project) == "in_execution"
    post(project, editor, status="suspended", progress=30)
    assert state(project) == "in_execution"
    post(project, editor, status="completed", progress=100, spent_amount=300_000)
    assert state(project) == "completed"
    transitions = list(ProposalEvent.objects.filter(proposal=project).values_list("transition", "to_status"))
    assert transitions == [("start_execution", "in_execution"), ("complete", "completed")]
    # A completed project only takes further "completed" updates (final photos, final figures).
    with pytest.raises(ValidationError) as error:
        post(project, editor, status="execution", progress=100)
    assert "status" in error.value.error_dict
    post(project, editor, status="completed", progress=100, spent_amount=295_000, text="Cifras finales.")
    assert project.execution_updates.count() == 5


def test_a_first_update_that_says_completed_takes_both_steps(project, admin_user):
    post(project, admin_user, status="completed", progress=100, spent_amount=280_000)
    assert state(project) == "completed"
    assert ProposalEvent.objects.filter(proposal=project).count() == 2


def test_followers_are_emailed_only_after_the_commit(project, editor, citizen, django_capture_on_commit_callbacks):
    other = UserFactory(email="vecino@example.org")
    UserFactory(email="ajeno@example.org")  # follows nothing
    for person in (citizen, other):
        execution.follow(user=person, proposal=project)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        update = post(project, editor, text=f"Obra iniciada {XSS}")
    assert not [message for message in mail.outbox if "Avance del proyecto" in message.subject]
    for callback in callbacks:
        callback()
    sent = [message for message in mail.outbox if "Avance del proyecto" in message.subject]
    assert sorted(address for message in sent for address in message.to) == ["ciudadana@example.org", "vecino@example.org"]
    message = next(m for m in sent if m.to == ["ciudadana@example.org"])
    assert project.get_absolute_url() in message.body
    assert "dejar-de-seguir" in message.body
    assert update.get_status_display() in message.subject
    html = message.alternatives[0][0]
    assert "&lt;script&gt;" in html and XSS not in html
    assert "Editora" not in message.body and "editora@example.org" not in message.body


def test_no_email_when_the_update_is_refused(project, editor, citizen, django_capture_on_commit_callbacks):
    execution.follow(user=citizen, proposal=project)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(ValidationError):
            post(project, editor, progress=150)
    assert mail.outbox == []


def test_the_emailed_unfollow_link_works_without_signing_in(client, project, editor, citizen, django_capture_on_commit_callbacks):
    execution.follow(user=citizen, proposal=project)
    with django_capture_on_commit_callbacks(execute=True):
        post(project, editor)
    body = next(m for m in mail.outbox if "Avance del proyecto" in m.subject).body
    link = next(word for word in body.split() if "dejar-de-seguir" in word)
    path = link.split("://", 1)[-1]
    path = path[path.index("/"):]
    page = client.get(path)
    assert page.status_code == 200
    assert "Dejar de seguir" in page.content.decode()
    assert ProjectFollow.objects.filter(user=citizen).exists()  # GET changes nothing
    assert client.post(path).status_code == 200
    assert not ProjectFollow.objects.filter(user=citizen).exists()
    assert client.post(path).status_code == 200  # a second click is harmless


@pytest.mark.parametrize("token", ["basura", "a" * 300, "eyJ1IjoxfQ:1:bad"])
def test_a_bad_unfollow_token_is_a_clear_400(client, token):
    response = client.get(reverse("ejecucion:unfollow_link", args=[token]))
    assert response.status_code == 400
    assert "no es válido" in response.content.decode()


def test_photos_are_checked_by_their_content_and_need_a_description(project, editor):
    fake = SimpleUploadedFile("foto.png", b"esto no es una imagen", content_type="image/png")
    with pytest.raises(ValidationError) as error:
        post(project, editor, photos=[(fake, "La plaza")])
    assert "no es una imagen válida" in " ".join(error.value.error_dict["photos"][0].messages)
    with pytest.raises(ValidationError) as error:
        post(project, editor, photos=[(png(), "  ")])
    assert "Describa" in " ".join(error.value.error_dict["photos"][0].messages)
    assert not ExecutionUpdate.objects.exists() and not ExecutionPhoto.objects.exists()
    update = post(project, editor, photos=[(png(), "Andador nuevo de la plaza")])
    photo = update.photos.get()
    assert (photo.alt_text, photo.width, photo.height) == ("Andador nuevo de la plaza", 40, 30)


def test_edit_and_delete_updates(project, editor, citizen, django_capture_on_commit_callbacks):
    execution.follow(user=citizen, proposal=project)
    update = post(project, editor, photos=[(png(), "Primera foto")])
    mail.outbox.clear()
    photo = update.photos.get()
    with django_capture_on_commit_callbacks(execute=True):
        execution.edit_update(update=update, actor=editor, status="execution", progress=40, committed_amount=300_000,
                              spent_amount=100_000, text="Corregido.", removed_photos=[photo.pk],
                              photos=[(png("b.png"), "Segunda foto")])
    update.refresh_from_db()
    assert (update.progress, update.text) == (40, "Corregido.")
    assert [p.alt_text for p in update.photos.all()] == ["Segunda foto"]
    assert not [m for m in mail.outbox if "Avance del proyecto" in m.subject]  # corrections are not re-sent
    with pytest.raises(ActionRefused):
        execution.delete_update(update=update, actor=citizen)
    assert execution.delete_update(update=update, actor=editor) is True
    assert not ExecutionUpdate.objects.exists() and not ExecutionPhoto.objects.exists()
    assert state(project) == "in_execution"  # deleting never moves the project back


# --- Services: following -------------------------------------------------------------------------


def test_follow_is_idempotent_and_unique(project, citizen):
    assert execution.follow(user=citizen, proposal=project) is True
    assert execution.follow(user=citizen, proposal=project) is False
    assert ProjectFollow.objects.count() == 1
    assert execution.unfollow(user=citizen, proposal=project) is True
    assert execution.unfollow(user=citizen, proposal=project) is False


def test_only_confirmed_people_follow(project):
    unconfirmed = UserFactory(verified=False)
    with pytest.raises(ActionRefused) as error:
        execution.follow(user=unconfirmed, proposal=project)
    assert error.value.code == "unconfirmed"
    assert not ProjectFollow.objects.exists()


@pytest.mark.parametrize("fields", [{"status": "draft"}, {"status": "withdrawn"}, {"status": "rejected"}, {"hidden": True}])
def test_non_public_or_dead_end_projects_cannot_be_followed(call, citizen, fields):
    proposal = ProposalFactory(call=call, **{"status": "selected", **fields})
    with pytest.raises(ActionRefused):
        execution.follow(user=citizen, proposal=proposal)
    assert not ProjectFollow.objects.exists()


# --- Follow views --------------------------------------------------------------------------------


FOLLOW = {"anonymous": "login", "citizen": 302, "evaluator": 302, "moderator": 302, "editor": 302, "admin": 302}


@pytest.mark.parametrize("role", list(FOLLOW))
def test_follow_and_unfollow_views_by_role(client, project, roles, role):
    user = roles[role]
    if user is not None:
        client.force_login(user)
    response = client.post(reverse("ejecucion:follow", args=[project.pk]))
    assert response.status_code == 302
    if FOLLOW[role] == "login":
        assert "/login/" in response["Location"] and "next=" in response["Location"]
        assert not ProjectFollow.objects.exists()
        assert client.post(reverse("ejecucion:unfollow", args=[project.pk])).status_code == 302
        return
    assert response["Location"] == project.get_absolute_url() + "#seguimiento"
    assert ProjectFollow.objects.filter(user=user, proposal=project).exists()
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Usted sigue este proyecto" in page and "Dejar de seguir" in page
    client.post(reverse("ejecucion:unfollow", args=[project.pk]))
    assert not ProjectFollow.objects.exists()
    assert "Seguir este proyecto" in client.get(project.get_absolute_url()).content.decode()


def test_follow_views_refuse_get_unknown_and_hidden_projects(client, call, citizen, project):
    client.force_login(citizen)
    assert client.get(reverse("ejecucion:follow", args=[project.pk])).status_code == 405
    assert client.post(reverse("ejecucion:follow", args=[999999])).status_code == 404
    hidden = ProposalFactory(call=call, status="selected", hidden=True)
    assert client.post(reverse("ejecucion:follow", args=[hidden.pk])).status_code == 404
    draft = ProposalFactory(call=call, status="draft")
    assert client.post(reverse("ejecucion:follow", args=[draft.pk])).status_code == 404
    assert not ProjectFollow.objects.exists()


def test_unconfirmed_person_gets_a_spanish_message(client, project):
    person = UserFactory(verified=False)
    client.force_login(person)
    response = client.post(reverse("ejecucion:follow", args=[project.pk]), follow=True)
    assert "Confirme su correo electrónico para seguir proyectos." in response.content.decode()
    assert not ProjectFollow.objects.exists()


def test_follow_redirects_only_to_this_site(client, project, citizen):
    client.force_login(citizen)
    response = client.post(reverse("ejecucion:follow", args=[project.pk]), {"next": "https://evil.example/"})
    assert response["Location"] == project.get_absolute_url() + "#seguimiento"


def test_my_participation_lists_the_projects_i_follow(client, project, citizen, editor):
    execution.follow(user=citizen, proposal=project)
    post(project, editor, progress=70)
    client.force_login(citizen)
    html = client.get(reverse("propuestas:participation")).content.decode()
    assert "Proyectos que sigo" in html and "Mis votos" in html
    assert project.title in html and "70 % de avance" in html and "Dejar de seguir" in html


# --- Staff screens in the admin ------------------------------------------------------------------


def outcome(response):
    if response.status_code == 302:
        location = response["Location"]
        if "/login/" in location:
            return "login"
        if location == reverse("wagtailadmin_home"):
            return "home"
        return "redirect"
    return response.status_code


STAFF_ONLY = {"anonymous": "login", "citizen": "login", "evaluator": "home", "moderator": "home", "editor": 200, "admin": 200}


@pytest.mark.parametrize("role", list(STAFF_ONLY))
def test_admin_screens_by_role(client, project, editor, roles, role):
    update = post(project, editor)
    if roles[role] is not None:
        client.force_login(roles[role])
    targets = [
        reverse("seguimiento:index"),
        reverse("seguimiento:project", args=[project.pk]),
        reverse("seguimiento:add", args=[project.pk]),
        reverse("seguimiento:edit", args=[update.pk]),
        reverse("seguimiento:delete", args=[update.pk]),
    ]
    for target in targets:
        assert outcome(client.get(target)) == STAFF_ONLY[role], (target, role)
    response = client.post(reverse("seguimiento:add", args=[project.pk]), {"status": "execution", "progress": 50, "text": "x"})
    if STAFF_ONLY[role] == 200:
        assert outcome(response) == "redirect"
        assert project.execution_updates.count() == 2
    else:
        assert outcome(response) == STAFF_ONLY[role]
        assert client.post(reverse("seguimiento:delete", args=[update.pk])).status_code == 302
        assert project.execution_updates.count() == 1


def test_admin_menu_shows_seguimiento_only_to_staff_with_the_permission(client, editor, moderator):
    client.force_login(editor)
    assert reverse("seguimiento:index") in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(moderator)
    assert reverse("seguimiento:index") not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_admin_index_has_constant_queries(client, call, editor):
    client.force_login(editor)

    def make(count):
        for index in range(count):
            proposal = ProposalFactory(call=call, status="selected")
            post(proposal, editor, progress=index % 100)

    make(2)
    client.get(reverse("seguimiento:index"))  # warm caches (site, permissions)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("seguimiento:index")).status_code == 200
    make(18)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("seguimiento:index"))
    assert response.content.decode().count('<progress max="100"') == 20
    assert len(many) == len(few)


def test_admin_project_page_has_constant_queries(client, project, editor):
    client.force_login(editor)
    for index in range(2):
        post(project, editor, progress=index, photos=[(png(), f"Foto {index}")])
    url = reverse("seguimiento:project", args=[project.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for index in range(18):
        post(project, editor, progress=index, photos=[(png(), f"Foto {index}")])
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_admin_create_form_validates_and_saves_with_a_photo(client, project, editor, citizen, django_capture_on_commit_callbacks):
    execution.follow(user=citizen, proposal=project)
    client.force_login(editor)
    url = reverse("seguimiento:add", args=[project.pk])
    bad = client.post(url, {"status": "execution", "progress": 20, "committed_amount": 100, "spent_amount": 500, "text": "Obra"})
    assert bad.status_code == 400
    assert "no puede superar el comprometido" in bad.content.decode()
    missing_alt = client.post(url, {"status": "execution", "progress": 20, "text": "Obra", "photo_1": png()})
    assert missing_alt.status_code == 400 and "Describa qué muestra la foto" in missing_alt.content.decode()
    not_image = SimpleUploadedFile("x.png", b"GIF89a nada", content_type="image/png")
    wrong = client.post(url, {"status": "execution", "progress": 20, "text": "Obra", "photo_1": not_image, "alt_1": "Plaza"})
    assert wrong.status_code == 400 and "no es una imagen válida" in wrong.content.decode()
    assert not ExecutionUpdate.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        ok = client.post(url, {"status": "execution", "progress": 20, "committed_amount": 1000, "spent_amount": 500,
                               "start_date": "2026-02-01", "end_date": "2026-08-01", "text": "Obra iniciada",
                               "photo_1": png(), "alt_1": "La plaza en obra"})
    assert ok.status_code == 302
    update = ExecutionUpdate.objects.get()
    assert update.author == editor and update.photos.get().alt_text == "La plaza en obra"
    assert state(project) == "in_execution"
    assert [m.to for m in mail.outbox if "Avance del proyecto" in m.subject] == [["ciudadana@example.org"]]


def test_admin_edit_and_delete(client, project, editor):
    update = post(project, editor, photos=[(png(), "Vieja")])
    client.force_login(editor)
    photo = update.photos.get()
    response = client.post(reverse("seguimiento:edit", args=[update.pk]), {
        "status": "execution", "progress": 45, "committed_amount": 300_000, "spent_amount": 120_000,
        "text": "Corregido", "remove_photos": [str(photo.pk)]})
    assert response.status_code == 302
    update.refresh_from_db()
    assert update.progress == 45 and not update.photos.exists()
    assert client.post(reverse("seguimiento:edit", args=[update.pk]), {"status": "execution", "progress": 300, "text": "x"}).status_code == 400
    assert client.post(reverse("seguimiento:delete", args=[update.pk])).status_code == 302
    assert not ExecutionUpdate.objects.exists()


def test_admin_screens_404_for_projects_without_monitoring(client, call, editor):
    client.force_login(editor)
    admitted = ProposalFactory(call=call, status="admitted")
    assert client.get(reverse("seguimiento:add", args=[admitted.pk])).status_code == 404
    assert client.get(reverse("seguimiento:project", args=[admitted.pk])).status_code == 404
    assert client.get(reverse("seguimiento:edit", args=[99999])).status_code == 404


def test_roles_grant_the_execution_permissions_to_editors_only(editor, moderator, evaluator):
    assert editor.has_perm("banco.add_executionupdate") and editor.has_perm("banco.delete_executionupdate")
    assert not moderator.has_perm("banco.add_executionupdate")
    assert not evaluator.has_perm("banco.add_executionupdate")


# --- The project's timeline ----------------------------------------------------------------------


@pytest.fixture
def full_history(call, project, editor):
    """A project with its history: submitted, admitted, shortlisted, evaluation, vote, execution."""
    from votaciones.models import BoxResult
    from votaciones.services import box_for

    now = timezone.now()
    Proposal.objects.filter(pk=project.pk).update(created_at=now - dt.timedelta(days=70))
    project.refresh_from_db()
    moderator_person = UserFactory(display_name="Moderadora Secreta", is_staff=True)
    for index, (transition, source, target) in enumerate(
        [("submit", "draft", "submitted"), ("admit", "submitted", "admitted"), ("shortlist", "admitted", "shortlisted"),
         ("select", "shortlisted", "selected")]
    ):
        event = ProposalEvent.objects.create(proposal=project, transition=transition, from_status=source,
                                             to_status=target, actor=moderator_person)
        ProposalEvent.objects.filter(pk=event.pk).update(created_at=now - dt.timedelta(days=60 - index * 10))
    EvaluationDecision.objects.create(proposal=project, viable=True, validated_cost=1_400_000, decided_by=moderator_person,
                                      decided_at=now - dt.timedelta(days=35), published_at=now - dt.timedelta(days=34))
    box = box_for(call=call, territory=project.territory)
    BoxResult.objects.create(
        box=box, rule="greedy", budget=20_000_000, budget_used=1_400_000, ballots_count=41, turnout={"online": 41},
        projects=[{"id": project.pk, "reference": project.reference, "title": project.title, "cost": 1_400_000,
                   "score": 31, "approvals": 31, "selected": True, "round": 1, "reason": "selected"}],
        computed_at=now - dt.timedelta(days=19),
    )
    post(project, editor, status="planned", progress=0, spent_amount=0, now=now - dt.timedelta(days=10))
    post(project, editor, status="execution", progress=70, text=f"Andadores terminados {XSS}",
         photos=[(png(), "Andador rehabilitado con luminarias")], now=now - dt.timedelta(days=2))
    return project


def test_timeline_tells_the_whole_story_in_order(full_history):
    entries = execution.project_timeline(full_history)
    kinds = [entry.kind for entry in entries]
    assert kinds == ["created", "status", "status", "status", "evaluation", "status", "vote", "update", "update", "status"]
    assert [entry.at for entry in entries] == sorted(entry.at for entry in entries)


def test_project_page_shows_the_timeline_without_staff_names(client, full_history, editor):
    page = client.get(full_history.get_absolute_url()).content.decode()
    for text in ("Historial del proyecto", "Evaluación técnica publicada: viable", "Resultado de la votación: seleccionada",
                 "31 votos", "En ejecución", "Andador rehabilitado con luminarias", 'value="70"', "Avance de la ejecución",
                 "Inicie sesión para seguir este proyecto"):
        assert text in page, text
    assert page.count('id="seguimiento"') == 1
    assert "&lt;script&gt;" in page and XSS not in page
    for private in ("Moderadora Secreta", "Editora", editor.email):
        assert private not in page


def test_project_page_queries_do_not_grow_with_updates(client, call, editor, citizen):
    client.force_login(citizen)

    def page_queries(count):
        proposal = ProposalFactory(call=call, status="selected")
        execution.follow(user=citizen, proposal=proposal)
        for index in range(count):
            post(proposal, editor, progress=index, photos=[(png(), f"Foto {index}")])
        client.get(proposal.get_absolute_url())
        with CaptureQueriesContext(connection) as queries:
            response = client.get(proposal.get_absolute_url())
        assert response.content.decode().count("timeline__entry--update") == count
        return len(queries)

    assert page_queries(2) == page_queries(20)


def test_timeline_of_a_draft_shows_no_follow_button(client, call):
    author = UserFactory()
    draft = ProposalFactory(call=call, status="draft", author=author)
    client.force_login(author)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Creada como borrador" in page and "Seguir este proyecto" not in page


def test_anonymous_sees_a_login_link_and_the_follower_count(client, project, citizen):
    execution.follow(user=citizen, proposal=project)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Inicie sesión para seguir este proyecto" in page
    assert "1 persona sigue este proyecto." in page
    assert citizen.display_name not in page


def test_selected_project_without_updates_says_they_will_come(client, project):
    page = client.get(project.get_absolute_url()).content.decode()
    assert "publicará aquí los avances" in page


def test_hidden_project_updates_do_not_email(project, editor, citizen, django_capture_on_commit_callbacks):
    execution.follow(user=citizen, proposal=project)
    Proposal.objects.filter(pk=project.pk).update(hidden=True)
    with django_capture_on_commit_callbacks(execute=True):
        post(project, editor)
    assert not [m for m in mail.outbox if "Avance del proyecto" in m.subject]


@pytest.mark.parametrize("name", ["ejecucion:follow", "ejecucion:unfollow"])
def test_huge_ids_are_404_not_500(client, citizen, name):
    client.force_login(citizen)
    url = reverse(name, args=[1]).replace("/1/", "/99999999999999999999999/")
    assert client.post(url).status_code == 404


def test_admin_huge_ids_and_bad_filters_are_not_500(client, editor):
    client.force_login(editor)
    assert client.get(reverse("seguimiento:index") + "?call=abc").status_code == 200
    assert client.get(reverse("seguimiento:index") + "?call=99999999999999999999999").status_code == 200
    url = reverse("seguimiento:project", args=[1]).replace("/1/", "/99999999999999999999999/")
    assert client.get(url).status_code == 404
