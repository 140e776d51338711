"""Proposals as citizens meet them: submitting, editing, withdrawing, supporting, browsing."""

import datetime as dt
import uuid

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from propuestas import lifecycle, services
from propuestas.lifecycle import Role, State, TransitionError
from propuestas.models import GroupMembership, Proposal, ProposalEvent, Support
from portal.errors import ActionRefused
from tests.convocatorias.factories import make_call
from tests.portal.factories import UserFactory
from tests.propuestas.factories import ProposalFactory, make_proposal_call

pytestmark = pytest.mark.django_db


def form_data(call, **overrides):
    data = {
        "title": "Contenedores soterrados en el centro histórico",
        "summary": "Recolección de residuos sin bolsas en la banqueta.",
        "problem": "Las bolsas de basura quedan en la calle durante horas.",
        "solution": "Instalar contenedores soterrados con horarios de recolección.",
        "beneficiaries_count": "3500",
        "beneficiaries_description": "Habitantes y comercios del centro",
        "theme": call.themes.first().pk,
        "territory": call.territories.first().territory_id,
        "estimated_cost": "2500000",
        "address": "",
        "latitude": "",
        "longitude": "",
        "token": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


# --- Lifecycle (pure) --------------------------------------------------------------------------


def test_lifecycle_refuses_what_is_not_a_transition():
    assert lifecycle.check("submit", "draft", {Role.AUTHOR}).target == State.SUBMITTED
    with pytest.raises(TransitionError) as error:
        lifecycle.check("admit", "submitted", {Role.AUTHOR})
    assert error.value.code == "forbidden"
    with pytest.raises(TransitionError) as error:
        lifecycle.check("admit", "draft", {Role.MODERATOR})
    assert error.value.code == "invalid_state"
    with pytest.raises(TransitionError) as error:
        lifecycle.check("reject", "submitted", {Role.MODERATOR}, reason="  ")
    assert error.value.code == "reason_required"
    with pytest.raises(TransitionError) as error:
        lifecycle.check("launch", "draft", {Role.MODERATOR})
    assert error.value.code == "unknown"


def test_withdraw_is_possible_from_every_state_before_selection_only():
    for state in State:
        allowed = state in lifecycle.BEFORE_SELECTION
        names = {transition.name for transition in lifecycle.available(state, {Role.AUTHOR})}
        assert ("withdraw" in names) is allowed, state


def test_lifecycle_module_does_not_import_django():
    import ast
    from pathlib import Path

    tree = ast.parse(Path(lifecycle.__file__).read_text())
    modules = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    modules |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    assert not any(name.startswith("django") for name in modules)


# --- Submitting --------------------------------------------------------------------------------


def test_citizen_saves_a_draft_previews_it_and_submits_it(client, site, citizen, django_capture_on_commit_callbacks):
    call = make_proposal_call()
    client.force_login(citizen)
    response = client.post(call.new_proposal_url, form_data(call))
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response["Location"] == proposal.get_absolute_url()
    assert proposal.status == "draft" and proposal.reference is None

    preview = client.get(proposal.get_absolute_url())
    assert "Borrador" in preview.content.decode() and "Enviar propuesta" in preview.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("propuestas:submit", args=[proposal.pk]))
    proposal.refresh_from_db()
    year = timezone.localtime(proposal.submitted_at).year
    assert proposal.status == "submitted"
    assert proposal.reference == f"PEM-{year}-0001"
    assert ProposalEvent.objects.get(proposal=proposal).to_status == "submitted"
    assert mail.outbox and citizen.email in mail.outbox[-1].to


def test_references_follow_a_sequence_per_call_and_year(site, citizen):
    call = make_proposal_call()
    drafts = [ProposalFactory(call=call, author=citizen, status="draft") for _ in range(3)]
    references = [services.submit_proposal(proposal=draft, user=citizen).reference for draft in drafts]
    year = timezone.localtime().year
    assert references == [f"PEM-{year}-{n:04d}" for n in (1, 2, 3)]


def test_double_click_on_send_creates_one_proposal(client, site, citizen):
    call = make_proposal_call()
    client.force_login(citizen)
    data = form_data(call)
    first = client.post(call.new_proposal_url, data)
    second = client.post(call.new_proposal_url, data)
    assert Proposal.objects.count() == 1
    assert first["Location"] == second["Location"]
    proposal = Proposal.objects.get()
    client.post(reverse("propuestas:submit", args=[proposal.pk]))
    client.post(reverse("propuestas:submit", args=[proposal.pk]))
    assert ProposalEvent.objects.filter(proposal=proposal, to_status="submitted").count() == 1


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("title", "", "Escriba un título."),
        ("title", "x" * 151, "150 caracteres"),
        ("summary", "x" * 281, "como máximo 280 caracteres"),
        ("problem", "", "Describa el problema"),
        ("estimated_cost", "-5", "no puede ser negativo"),
        ("estimated_cost", "mucho", "número entero"),
        ("estimated_cost", "1.5", "número entero"),
        ("estimated_cost", "9000000", "supera el máximo"),
        ("beneficiaries_count", "0", "al menos a una persona"),
        ("latitude", "91", ""),
    ],
)
def test_bad_fields_are_refused_with_a_spanish_message(client, site, citizen, field, value, message):
    call = make_proposal_call()
    client.force_login(citizen)
    data = form_data(call, **{field: value})
    if field == "latitude":
        data["longitude"] = "-103.4"
    response = client.post(call.new_proposal_url, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Proposal.objects.exists()


def test_theme_and_territory_must_belong_to_the_call(client, site, citizen):
    call = make_proposal_call()
    other = make_proposal_call()
    client.force_login(citizen)
    response = client.post(
        call.new_proposal_url,
        form_data(call, theme=other.themes.first().pk, territory=other.territories.first().territory_id),
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Ese eje temático no pertenece a esta convocatoria." in content
    assert "Ese territorio no participa en esta convocatoria." in content
    assert not Proposal.objects.exists()


def test_no_submission_outside_the_intake_window(client, site, citizen):
    call = make_proposal_call(current="review")
    client.force_login(citizen)
    response = client.post(call.new_proposal_url, form_data(call))
    assert response.status_code == 302
    assert not Proposal.objects.exists()
    assert "no está recibiendo propuestas" in client.get(response["Location"]).content.decode()


def test_intake_boundaries_start_included_end_excluded(site, citizen):
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=1)
    end = start + dt.timedelta(days=10)
    call = make_proposal_call()
    call.phases.all().delete()
    call = make_call(
        phases=[("intake", start, end), ("review", end, end + dt.timedelta(days=5))],
        territories=[(call.territories.first().territory, 1000)],
        themes=[call.themes.first()],
        code="PEM",
    )
    draft = ProposalFactory(call=call, author=citizen, status="draft")
    with time_machine.travel(start - dt.timedelta(seconds=1), tick=False):
        with pytest.raises(ActionRefused):
            services.submit_proposal(proposal=draft, user=citizen)
    with time_machine.travel(end, tick=False):
        with pytest.raises(ActionRefused):
            services.submit_proposal(proposal=draft, user=citizen)
    with time_machine.travel(end - dt.timedelta(seconds=1), tick=False):
        assert services.submit_proposal(proposal=draft, user=citizen).status == "submitted"


def test_unconfirmed_email_cannot_submit(client, site):
    call = make_proposal_call()
    person = UserFactory(verified=False)
    client.force_login(person)
    response = client.post(call.new_proposal_url, form_data(call))
    assert response.status_code == 302
    assert not Proposal.objects.exists()


# --- Editing and withdrawing -------------------------------------------------------------------


def test_author_edits_until_review_starts_and_then_only_withdraws(client, site, citizen):
    call = make_proposal_call()
    proposal = ProposalFactory(call=call, author=citizen, status="submitted")
    client.force_login(citizen)
    response = client.post(reverse("propuestas:edit", args=[proposal.pk]), form_data(call, title="Nuevo título"))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.title == "Nuevo título"

    review_starts = [phase for phase in call.schedule if phase.kind == "review"][0].starts_at
    with time_machine.travel(review_starts, tick=False):
        response = client.post(reverse("propuestas:edit", args=[proposal.pk]), form_data(call, title="Otro"))
        proposal.refresh_from_db()
        assert proposal.title == "Nuevo título"
        response = client.post(reverse("propuestas:withdraw", args=[proposal.pk]), {"reason": "Ya no aplica"})
        proposal.refresh_from_db()
        assert proposal.status == "withdrawn"
    assert proposal.events.last().reason == "Ya no aplica"
    assert proposal not in Proposal.objects.public()


def test_someone_else_cannot_edit_or_withdraw(client, site, citizen):
    call = make_proposal_call()
    proposal = ProposalFactory(call=call, status="submitted")
    client.force_login(citizen)
    client.post(reverse("propuestas:edit", args=[proposal.pk]), form_data(call, title="Secuestrada"))
    client.post(reverse("propuestas:withdraw", args=[proposal.pk]), {"reason": ""})
    proposal.refresh_from_db()
    assert proposal.title != "Secuestrada" and proposal.status == "submitted"
    with pytest.raises(ActionRefused):
        services.withdraw_proposal(proposal=proposal, user=citizen)


def test_selected_proposals_cannot_be_withdrawn(site):
    proposal = ProposalFactory(status="selected")
    with pytest.raises(ActionRefused):
        services.withdraw_proposal(proposal=proposal, user=proposal.author)


def test_drafts_are_private(client, site, citizen):
    proposal = ProposalFactory(status="draft")
    assert client.get(proposal.get_absolute_url()).status_code == 404
    client.force_login(citizen)
    assert client.get(proposal.get_absolute_url()).status_code == 404
    client.force_login(proposal.author)
    assert client.get(proposal.get_absolute_url()).status_code == 200


# --- Groups ------------------------------------------------------------------------------------


def test_group_members_edit_the_draft_and_the_group_shows_as_author(client, site, citizen):
    call = make_proposal_call()
    group = services.create_group(user=citizen, name="Colectivo Laguna Y2040", description="Estudiantes")
    friend = UserFactory()
    joined_group, joined = services.join_group(user=friend, code=group.join_code.lower())
    assert joined and joined_group == group
    assert services.join_group(user=friend, code=group.join_code) == (group, False)
    client.force_login(citizen)
    client.post(call.new_proposal_url, form_data(call, group=group.pk))
    proposal = Proposal.objects.get()
    assert proposal.group == group

    client.force_login(friend)
    response = client.post(reverse("propuestas:edit", args=[proposal.pk]), form_data(call, title="Mejor título"))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.title == "Mejor título" and proposal.group == group
    services.submit_proposal(proposal=proposal, user=friend)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Del grupo Colectivo Laguna Y2040" in page


def test_join_with_a_wrong_code_is_refused(client, site, citizen):
    client.force_login(citizen)
    response = client.post(reverse("propuestas:group_join"), {"code": "NOEXISTE"})
    assert response.status_code == 400
    assert "no corresponde a ningún grupo" in response.content.decode()
    assert not GroupMembership.objects.exists()


def test_cannot_submit_on_behalf_of_a_group_one_does_not_belong_to(client, site, citizen):
    call = make_proposal_call()
    group = services.create_group(user=UserFactory(), name="Ajeno")
    client.force_login(citizen)
    response = client.post(call.new_proposal_url, form_data(call, group=group.pk))
    assert response.status_code == 400
    assert not Proposal.objects.exists()


def test_a_person_belongs_to_several_groups(site, citizen):
    first = services.create_group(user=UserFactory(), name="Uno")
    second = services.create_group(user=UserFactory(), name="Dos")
    services.join_group(user=citizen, code=first.join_code)
    services.join_group(user=citizen, code=second.join_code)
    assert set(citizen.proposal_groups.all()) == {first, second}


# --- Supports ----------------------------------------------------------------------------------


def test_support_once_undo_and_threshold_shown(client, site, citizen):
    call = make_proposal_call(current="supports", supports_threshold=50)
    proposal = ProposalFactory(call=call)
    client.force_login(citizen)
    url = reverse("propuestas:support", args=[proposal.pk])
    client.post(url)
    client.post(url)
    proposal.refresh_from_db()
    assert proposal.supports_count == 1 and Support.objects.count() == 1
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "de 50 necesarios para avanzar" in page and "Retirar mi apoyo" in page
    client.post(url, {"action": "undo"})
    proposal.refresh_from_db()
    assert proposal.supports_count == 0 and not Support.objects.exists()


def test_supports_closed_outside_the_supports_phase(client, site, citizen):
    proposal = ProposalFactory(call=make_proposal_call(current="intake"))
    client.force_login(citizen)
    response = client.post(reverse("propuestas:support", args=[proposal.pk]), follow=True)
    assert "no recibe apoyos" in response.content.decode()
    assert not Support.objects.exists()


def test_only_admitted_visible_proposals_collect_supports(site, citizen):
    call = make_proposal_call(current="supports")
    for proposal in (
        ProposalFactory(call=call, status="submitted"),
        ProposalFactory(call=call, status="rejected"),
        ProposalFactory(call=call, hidden=True),
    ):
        with pytest.raises(ActionRefused):
            services.support_proposal(proposal=proposal, user=citizen)
    assert not Support.objects.exists()


def test_rate_limit_on_supports(client, site, citizen, settings):
    settings.PARTICIPA_RATE_LIMITS = {**settings.PARTICIPA_RATE_LIMITS, "support": (2, 3600)}
    from django.core.cache import cache

    cache.clear()
    call = make_proposal_call(current="supports")
    proposals = ProposalFactory.create_batch(3, call=call)
    client.force_login(citizen)
    statuses = [client.post(reverse("propuestas:support", args=[p.pk])).status_code for p in proposals]
    assert statuses == [302, 302, 429]
    assert Support.objects.count() == 2
    cache.clear()


# --- Browsing ----------------------------------------------------------------------------------


def test_list_filters_orders_and_searches(client, site):
    call = make_proposal_call()
    territory_a, territory_b = [item.territory for item in call.territories.all()]
    bikes = ProposalFactory(call=call, title="Red de ciclovías conectadas", territory=territory_a, supports_count=9)
    park = ProposalFactory(
        call=call,
        title="Parque lineal en el canal",
        summary="Árboles y sombra",
        problem="Falta de sombra",
        solution="Plantar árboles nativos",
        territory=territory_b,
        comments_count=7,
    )
    ProposalFactory(call=call, status="draft", title="Borrador invisible")
    ProposalFactory(call=call, status="withdrawn", title="Retirada invisible")
    ProposalFactory(call=call, hidden=True, title="Oculta invisible")

    def titles(query=""):
        response = client.get(call.proposals_url + query)
        assert response.status_code == 200
        return [p.title for p in response.context["proposals"]]

    assert set(titles()) == {bikes.title, park.title}
    assert titles(f"?territory={territory_b.pk}") == [park.title]
    assert titles("?order=supports")[0] == bikes.title
    assert titles("?order=comments")[0] == park.title
    assert titles("?q=ciclovías") == [bikes.title]
    assert titles("?status=rejected") == []
    first = titles("?order=random")
    assert titles("?order=random") == first  # a stable seed per visitor


@pytest.mark.parametrize(
    "query",
    ["?pagina=-1", "?pagina=abc", "?pagina=99999", "?theme=abc", "?territory=999999", "?status=nada", "?order=x",
     "?q=" + "a" * 10_000],
)
def test_malformed_list_queries_never_fail(client, site, query):
    call = make_proposal_call()
    ProposalFactory(call=call)
    response = client.get(call.proposals_url + query)
    assert response.status_code in (200, 400)


def test_detail_page_shows_history_with_reasons(client, site, moderator):
    call = make_proposal_call(current="review")
    proposal = ProposalFactory(call=call, status="submitted")
    services.reject_proposal(proposal=proposal, user=moderator, reason="Fuera de la competencia municipal")
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "No admitida" in page and "Fuera de la competencia municipal" in page
    assert moderator.email not in page and proposal.author.email not in page


def test_hidden_proposal_shows_a_notice_and_leaves_lists(client, site, moderator):
    call = make_proposal_call()
    proposal = ProposalFactory(call=call, title="Propuesta con insultos")
    services.set_hidden(proposal=proposal, user=moderator, hidden=True, reason="Lenguaje ofensivo")
    assert "Propuesta con insultos" not in client.get(call.proposals_url).content.decode()
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "ocultada por moderación" in page and "Lenguaje ofensivo" in page


def test_similar_proposals_are_suggested_on_the_draft(client, site, citizen):
    call = make_proposal_call()
    ProposalFactory(call=call, title="Recolección de basura en el centro histórico", summary="Contenedores y horarios")
    ProposalFactory(call=call, title="Huertos urbanos", summary="Agricultura en azoteas")
    draft = ProposalFactory(
        call=call, author=citizen, status="draft", title="Contenedores de basura", summary="Centro histórico limpio"
    )
    client.force_login(citizen)
    response = client.get(draft.get_absolute_url())
    similar = [p.title for p in response.context["similar"]]
    assert similar and similar[0] == "Recolección de basura en el centro histórico"
    assert "Huertos urbanos" not in similar


def test_my_participation_lists_proposals_groups_and_supports(client, site, citizen):
    call = make_proposal_call(current="supports")
    mine = ProposalFactory(call=call, author=citizen, title="Mi propuesta")
    other = ProposalFactory(call=call, title="Otra propuesta")
    services.support_proposal(proposal=other, user=citizen)
    group = services.create_group(user=citizen, name="Mi colectivo")
    client.force_login(citizen)
    page = client.get(reverse("propuestas:participation")).content.decode()
    assert mine.title in page and other.title in page and group.name in page


def test_feed_lists_public_proposals(client, site):
    call = make_proposal_call()
    ProposalFactory(call=call, title="Visible en RSS")
    ProposalFactory(call=call, title="Borrador no", status="draft")
    body = client.get(call.proposals_feed_url).content.decode()
    assert "Visible en RSS" in body and "Borrador no" not in body


def test_supports_window_boundaries_start_included_end_excluded(site, citizen):
    call = make_proposal_call(current="supports")
    proposal = ProposalFactory(call=call)
    supports = [phase for phase in call.schedule if phase.kind == "supports"][0]
    with time_machine.travel(supports.starts_at - dt.timedelta(seconds=1), tick=False):
        with pytest.raises(ActionRefused):
            services.support_proposal(proposal=proposal, user=citizen)
    with time_machine.travel(supports.ends_at, tick=False):
        with pytest.raises(ActionRefused):
            services.support_proposal(proposal=proposal, user=citizen)
    with time_machine.travel(supports.starts_at, tick=False):
        assert services.support_proposal(proposal=proposal, user=citizen) is True
    with time_machine.travel(supports.ends_at, tick=False):
        with pytest.raises(ActionRefused):
            services.withdraw_support(proposal=proposal, user=citizen)
    assert Support.objects.filter(proposal=proposal, user=citizen).exists()


def test_review_window_runs_from_intake_until_evaluation(site, moderator):
    call = make_proposal_call(current="review")
    proposal = ProposalFactory(call=call, status="submitted")
    evaluation = [phase for phase in call.schedule if phase.kind == "technical_evaluation"][0]
    with time_machine.travel(evaluation.starts_at, tick=False):
        with pytest.raises(ActionRefused):
            services.admit_proposal(proposal=proposal, user=moderator)
    proposal.refresh_from_db()
    assert proposal.status == "submitted"
    with time_machine.travel(evaluation.starts_at - dt.timedelta(seconds=1), tick=False):
        assert services.admit_proposal(proposal=proposal, user=moderator).status == "admitted"


def test_coordinates_are_written_with_a_decimal_point_in_every_language(client, site):
    """Coordinates are data people copy into maps: 6.25184, -75.56359 whatever the language."""
    from decimal import Decimal

    from django.conf import settings as django_settings

    from tests.propuestas.factories import ProposalFactory, make_proposal_call

    call = make_proposal_call()
    proposal = ProposalFactory(call=call, status="admitted", latitude=Decimal("6.251840"), longitude=Decimal("-75.563590"))
    for language in ("es", "en"):
        client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
        page = client.get(f"/propuestas/{proposal.pk}/").content.decode()
        assert "6.251840, -75.563590" in page, language
        assert "6,251840" not in page
