"""The technical evaluation in the Wagtail admin (evaluacion.admin): every view by
role, bad input, blind review by URL, history, query counts, the evaluation sheet (HTML and PDF,
staff and public) and the reports."""

import datetime as dt

import pytest
from django.contrib.staticfiles import finders
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from convocatorias.money import format_money
from portal.roles import COORDINATORS, ensure_coordinators, ensure_roles
from evaluacion import services as evaluation
from evaluacion.models import (
    CriterionScore,
    EvaluationAssignment,
    EvaluationChange,
    EvaluationCriterion,
    EvaluationDecision,
    EvaluationNote,
)
from propuestas.models import Proposal
from tests.portal.factories import UserFactory
from tests.propuestas.factories import ProposalFactory, make_proposal_call

pytestmark = pytest.mark.django_db

DUE = timezone.localdate() + dt.timedelta(days=10)
NOTE = "Nota interna: revisar el predio con obras públicas"
JUSTIFICATION = "Justificación técnica del evaluador"


def u(name, *args):
    return reverse(f"evaluacion:{name}", args=args)


@pytest.fixture
def coordinator(db):
    user = UserFactory(email="coordina@example.org", display_name="Coordinadora", is_staff=True)
    user.groups.add(ensure_coordinators())
    return user


@pytest.fixture
def other_evaluator(db):
    user = UserFactory(email="otra@example.org", display_name="Otra Evaluadora", is_staff=True)
    _editors, evaluators = ensure_roles()
    user.groups.add(evaluators)
    return user


@pytest.fixture
def call(site):
    return make_proposal_call(current="technical_evaluation", title="Presupuesto 2027", code="EVA")


@pytest.fixture
def criteria(call):
    return evaluation.ensure_default_criteria(call)


@pytest.fixture
def proposal(call, criteria):
    return ProposalFactory(call=call, title="Ciclovia del centro", estimated_cost=1_000_000, reference="EVA-2027-0001")


@pytest.fixture
def assignment(proposal, evaluator, other_evaluator, coordinator):
    evaluation.assign(proposals=[proposal], evaluators=[evaluator, other_evaluator], due_date=DUE, user=coordinator)
    return EvaluationAssignment.objects.get(proposal=proposal, evaluator=evaluator)


@pytest.fixture
def roles(citizen, editor, evaluator, other_evaluator, coordinator, admin_user):
    return {
        "anonymous": None,
        "citizen": citizen,
        "editor": editor,
        "evaluator": evaluator,
        "other_evaluator": other_evaluator,
        "coordinator": coordinator,
        "admin": admin_user,
    }


def scores_post(criteria, value=4, justification=JUSTIFICATION, **extra):
    data = {"validated_cost": "1000000", "cost_explanation": "", "execution_months": "6"}
    for criterion in criteria:
        data[f"score_{criterion.pk}"] = str(value)
        data[f"justification_{criterion.pk}"] = justification
    data.update(extra)
    return data


def written_by(assignment):
    """The justification `submit` writes: tells evaluations apart without naming anyone."""
    return f"{JUSTIFICATION} n.{assignment.pk}"


def submit(assignment, criteria, value=4, cost=1_000_000):
    return evaluation.save_evaluation(
        assignment=assignment,
        user=assignment.evaluator,
        scores={c.pk: (value, written_by(assignment)) for c in criteria},
        validated_cost=cost,
        cost_explanation="" if cost == assignment.proposal.estimated_cost else "Ajuste por precios",
        execution_months=6,
        submit=True,
    )


def outcome(response):
    if response.status_code == 302:
        location = response["Location"]
        if "/login/" in location:
            return "login"
        if location == reverse("wagtailadmin_home"):
            return "home"
        return f"redirect {location}"
    return response.status_code


# --- Roles -------------------------------------------------------------------------------------


def test_coordinators_group_holds_exactly_its_permissions(coordinator, evaluator):
    from django.contrib.auth.models import Group

    group = Group.objects.get(name=COORDINATORS)
    codes = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert codes == {
        ("wagtailadmin", "access_admin"),
        ("evaluacion", "coordinate_evaluation"),
        ("propuestas", "view_proposal"),
        ("planes", "align_project"),  # the alignment behind the plans criterion
        ("planes", "view_plan"),  # and read the plans to align with
        ("planes", "view_planitem"),
    }
    assert evaluation.is_coordinator(coordinator) and not evaluation.is_coordinator(evaluator)
    assert set(evaluator.get_all_permissions()) == {"wagtailadmin.access_admin"}


# --- Every view × every role -------------------------------------------------------------------

ROLES = ["anonymous", "citizen", "editor", "evaluator", "other_evaluator", "coordinator", "admin"]
COORDINATOR_ONLY = {"anonymous": "login", "citizen": "login", "editor": "home", "evaluator": "home", "other_evaluator": "home", "coordinator": 200, "admin": 200}
COORDINATOR_VIEWS = [
    ("index", lambda o: []),
    ("call", lambda o: [o["call"].pk]),
    ("criteria", lambda o: [o["call"].pk]),
    ("criterion_add", lambda o: [o["call"].pk]),
    ("criterion_edit", lambda o: [o["criteria"][0].pk]),
    ("criterion_delete", lambda o: [o["criteria"][0].pk]),
    ("assign", lambda o: [o["call"].pk]),
    ("decision", lambda o: [o["proposal"].pk]),
    ("move_on", lambda o: [o["call"].pk]),
    ("ranking", lambda o: [o["call"].pk]),
    ("sheet", lambda o: [o["proposal"].pk]),
    ("sheet_pdf", lambda o: [o["proposal"].pk]),
    ("report_progress", lambda o: []),
    ("report_scored", lambda o: []),
]
EVALUATE = {"anonymous": "login", "citizen": "login", "editor": 404, "evaluator": 200, "other_evaluator": 404, "coordinator": 404, "admin": 404}
MINE = {"anonymous": "login", "citizen": "login", "editor": "home", "evaluator": 200, "other_evaluator": 200, "coordinator": 200, "admin": 200}


@pytest.mark.parametrize("role", ROLES)
def test_every_view_by_role(client, roles, role, call, criteria, proposal, assignment):
    submit(assignment, criteria)
    objects = {"call": call, "criteria": criteria, "proposal": proposal}
    if roles[role] is not None:
        client.force_login(roles[role])
    for name, args in COORDINATOR_VIEWS:
        assert outcome(client.get(u(name, *args(objects)))) == COORDINATOR_ONLY[role], (name, role)
    assert outcome(client.get(u("evaluate", assignment.pk))) == EVALUATE[role], role
    assert outcome(client.get(u("mine"))) == MINE[role], role
    # Nothing public before the decision is published.
    assert client.get(reverse("propuestas:evaluation_sheet", args=[proposal.pk])).status_code == 404
    assert client.get(reverse("propuestas:evaluation_sheet_pdf", args=[proposal.pk])).status_code == 404


@pytest.mark.parametrize("role", ["anonymous", "citizen", "editor", "evaluator", "other_evaluator"])
def test_coordinator_actions_posted_by_others_change_nothing(client, roles, role, call, criteria, proposal, assignment):
    submit(assignment, criteria)
    if roles[role] is not None:
        client.force_login(roles[role])
    posts = [
        (u("criteria", call.pk), {}),
        (u("criterion_add", call.pk), {"name": "Nuevo", "scale_min": 0, "scale_max": 5, "weight": 1, "sort_order": 9}),
        (u("criterion_delete", criteria[0].pk), {}),
        (u("assign", call.pk), {"ids": [proposal.pk], "evaluators": [roles["evaluator"].pk], "due_date": DUE.isoformat(), "scope": "selected"}),
        (u("unassign", assignment.pk), {}),
        (u("decision", proposal.pk), {"viable": "1", "validated_cost": "900000"}),
        (u("move_on", call.pk), {"ids": [proposal.pk]}),
    ]
    for target, data in posts:
        response = client.post(target, data)
        assert outcome(response) in ("login", "home"), (target, role, outcome(response))
    assert EvaluationCriterion.objects.filter(call=call).count() == len(criteria)
    assert EvaluationAssignment.objects.count() == 2
    assert not EvaluationDecision.objects.exists()


def test_another_evaluator_cannot_post_to_my_evaluation(client, criteria, assignment, other_evaluator, coordinator):
    for intruder in (other_evaluator, coordinator):
        client.force_login(intruder)
        response = client.post(u("evaluate", assignment.pk), scores_post(criteria, value=1, submit="1"))
        assert response.status_code == 404
    assert not CriterionScore.objects.exists()


def test_notes_only_by_staff_of_the_proposal(client, proposal, assignment, editor, evaluator, coordinator):
    client.force_login(editor)
    assert outcome(client.post(u("note", proposal.pk), {"text": "Hola"})) == 404
    client.force_login(evaluator)
    response = client.post(u("note", proposal.pk), {"text": NOTE, "next": u("evaluate", assignment.pk)})
    assert response["Location"] == u("evaluate", assignment.pk)
    client.force_login(coordinator)
    response = client.post(u("note", proposal.pk), {"text": "  ", "next": "https://evil.example/"})
    assert response["Location"] == u("decision", proposal.pk)
    assert list(EvaluationNote.objects.values_list("text", flat=True)) == [NOTE]
    assert NOTE in client.get(u("decision", proposal.pk)).content.decode()


# --- Criteria ----------------------------------------------------------------------------------


def test_coordinator_creates_edits_and_deletes_criteria(client, call, coordinator):
    client.force_login(coordinator)
    response = client.post(u("criteria", call.pk))
    assert response.status_code == 302
    assert call.criteria.count() == 5
    data = {"name": "Impacto en género", "description": "", "scale_min": 0, "scale_max": 10, "levels": "", "weight": 2, "eliminatory": "on", "minimum": 3, "sort_order": 9}
    assert client.post(u("criterion_add", call.pk), data).status_code == 302
    criterion = call.criteria.get(name="Impacto en género")
    assert (criterion.scale_max, criterion.weight, criterion.eliminatory, criterion.minimum) == (10, 2, True, 3)
    assert client.post(u("criterion_edit", criterion.pk), {**data, "weight": 3}).status_code == 302
    criterion.refresh_from_db()
    assert criterion.weight == 3
    assert client.post(u("criterion_delete", criterion.pk)).status_code == 302
    assert not call.criteria.filter(name="Impacto en género").exists()


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"scale_max": 0}, "scale_max", "La puntuación máxima debe ser mayor que la mínima."),
        ({"minimum": 7}, "minimum", "El mínimo para ser viable debe estar dentro de la escala"),
        ({"minimum": ""}, "minimum", "Un criterio eliminatorio necesita un mínimo."),
        ({"weight": 0}, "weight", "El peso debe ser al menos 1."),
        ({"name": "viabilidad técnica"}, "name", "Ya hay un criterio con ese nombre"),
    ],
)
def test_bad_criteria_are_refused(client, call, criteria, coordinator, change, field, message):
    client.force_login(coordinator)
    data = {"name": "Otro", "scale_min": 0, "scale_max": 5, "weight": 1, "eliminatory": "on", "minimum": 2, "sort_order": 9, **change}
    response = client.post(u("criterion_add", call.pk), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert call.criteria.count() == len(criteria)


def test_scored_criterion_cannot_be_deleted_nor_rescaled(client, call, criteria, assignment, coordinator):
    submit(assignment, criteria)
    client.force_login(coordinator)
    response = client.post(u("criterion_delete", criteria[0].pk))
    assert response.status_code == 409
    assert "ya tiene puntuaciones" in response.content.decode()
    assert EvaluationCriterion.objects.filter(pk=criteria[0].pk).exists()
    data = {"name": criteria[0].name, "scale_min": 0, "scale_max": 3, "weight": 1, "sort_order": 0}
    assert client.post(u("criterion_edit", criteria[0].pk), data).status_code == 400
    response = client.post(u("criterion_add", call.pk), {"name": "Tarde", "scale_min": 0, "scale_max": 5, "weight": 1, "sort_order": 9})
    assert response.status_code == 400 and "no se pueden añadir criterios" in response.content.decode()


# --- Assignment --------------------------------------------------------------------------------


def test_assign_selected_and_filtered_and_unassign(client, call, criteria, coordinator, evaluator, other_evaluator):
    territories = [row.territory for row in call.territories.all()]
    first = ProposalFactory(call=call, territory=territories[0])
    second = ProposalFactory(call=call, territory=territories[1])
    third = ProposalFactory(call=call, territory=territories[1])
    ProposalFactory(call=call, status="submitted")  # not in evaluation: not listed, not assignable
    client.force_login(coordinator)
    page = client.get(u("assign", call.pk))
    assert page.status_code == 200 and page.context["page"].paginator.count == 3

    response = client.post(u("assign", call.pk), {"ids": [first.pk], "evaluators": [evaluator.pk, other_evaluator.pk], "due_date": DUE.isoformat(), "scope": "selected"})
    assert response.status_code == 302
    assert EvaluationAssignment.objects.filter(proposal=first).count() == 2

    query = f"?territory={territories[1].pk}"
    response = client.post(u("assign", call.pk) + query, {"evaluators": [evaluator.pk], "due_date": DUE.isoformat(), "scope": "filtered"})
    assert response.status_code == 302
    assert set(EvaluationAssignment.objects.filter(evaluator=evaluator).values_list("proposal", flat=True)) == {first.pk, second.pk, third.pk}

    page = client.get(u("assign", call.pk) + query).content.decode()

    assert evaluator.public_name in page and date_format(DUE, "j M Y") in page and DUE.isoformat() not in page

    target = EvaluationAssignment.objects.get(proposal=third, evaluator=evaluator)
    assert client.post(u("unassign", target.pk)).status_code == 302
    assert not EvaluationAssignment.objects.filter(pk=target.pk).exists()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"evaluators": [], "due_date": DUE.isoformat(), "scope": "selected"}, "Elija al menos una persona evaluadora."),
        ({"due_date": "", "scope": "selected"}, "Indique la fecha límite."),
        ({"due_date": "2001-01-01", "scope": "selected"}, "no puede estar en el pasado"),
        ({"due_date": DUE.isoformat(), "scope": "selected", "ids": []}, "Seleccione al menos una propuesta."),
        ({"due_date": DUE.isoformat(), "scope": "selected", "ids": ["999999"]}, "no está en evaluación"),
        ({"due_date": DUE.isoformat(), "scope": "selected", "who": "citizen"}, "Escoja una opción válida"),
    ],
)
def test_bad_assignments_are_refused(client, call, proposal, coordinator, evaluator, citizen, data, message):
    client.force_login(coordinator)
    data = {"ids": [proposal.pk], "evaluators": [evaluator.pk], **data}
    if data.pop("who", None):
        data["evaluators"] = [citizen.pk]
    response = client.post(u("assign", call.pk), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not EvaluationAssignment.objects.exists()


def test_submitted_assignment_cannot_be_withdrawn(client, criteria, assignment, coordinator):
    submit(assignment, criteria)
    client.force_login(coordinator)
    response = client.post(u("unassign", assignment.pk), follow=True)
    assert "ya se envió" in response.content.decode()
    assert EvaluationAssignment.objects.filter(pk=assignment.pk).exists()


# --- Dashboard panel and my evaluations --------------------------------------------------------


def test_pending_panel_lists_due_dates_and_highlights_overdue(client, call, criteria, proposal, evaluator, coordinator):
    late = ProposalFactory(call=call, title="Propuesta atrasada")
    evaluation.assign(proposals=[proposal], evaluators=[evaluator], due_date=DUE, user=coordinator)
    EvaluationAssignment.objects.create(proposal=late, evaluator=evaluator, due_date=timezone.localdate() - dt.timedelta(days=2))
    client.force_login(evaluator)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Mis evaluaciones pendientes" in page
    assert proposal.title in page and date_format(DUE, "j M Y") in page
    assert "vencida" in page and 'class="overdue"' in page
    mine = client.get(u("mine")).content.decode()
    assert proposal.title in mine and "Propuesta atrasada" in mine


def test_pending_panel_hidden_from_editors(client, editor):
    client.force_login(editor)
    assert "Mis evaluaciones pendientes" not in client.get(reverse("wagtailadmin_home")).content.decode()


# --- Scoring -----------------------------------------------------------------------------------


def test_evaluator_sees_the_proposal_and_saves_a_draft_then_submits(client, criteria, proposal, assignment, evaluator):
    client.force_login(evaluator)
    page = client.get(u("evaluate", assignment.pk))
    body = page.content.decode()
    for text in (proposal.title, proposal.summary, proposal.problem, proposal.solution, "$ 1,000,000", str(proposal.territory), criteria[0].description):
        assert text in body, text
    assert page.context["form"]["validated_cost"].value() == 1_000_000
    response = client.post(u("evaluate", assignment.pk), scores_post(criteria, draft="1"))
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.status == "assigned" and assignment.scores.count() == len(criteria)
    response = client.post(u("evaluate", assignment.pk), scores_post(criteria, submit="1"))
    assignment.refresh_from_db()
    assert assignment.status == "submitted" and assignment.execution_months == 6


@pytest.mark.parametrize(
    "change, message",
    [
        ({"score": "9"}, "entre 0 y 5"),
        ({"score": "-1"}, "entre 0 y 5"),
        ({"score": "x"}, "entre 0 y 5"),
        ({"justification": "   "}, "Justifique la puntuación"),
        ({"validated_cost": "-5"}, "El costo validado debe ser un número entero positivo."),
        ({"validated_cost": "mucho"}, "El costo validado debe ser un número entero positivo."),
        ({"validated_cost": "1200000"}, "Explique por qué el costo validado difiere del estimado."),
        ({"execution_months": "0"}, "El plazo debe estar entre 1 y 120 meses."),
    ],
)
def test_bad_scores_are_refused_and_nothing_saved(client, criteria, assignment, evaluator, change, message):
    client.force_login(evaluator)
    data = scores_post(criteria, submit="1")
    if "score" in change:
        data[f"score_{criteria[1].pk}"] = change.pop("score")
    if "justification" in change:
        data[f"justification_{criteria[2].pk}"] = change.pop("justification")
    data.update(change)
    response = client.post(u("evaluate", assignment.pk), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "No se guardó nada" in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.status == "assigned" and assignment.validated_cost is None
    assert not CriterionScore.objects.exists()


def test_blind_review_by_url(client, criteria, proposal, assignment, evaluator, other_evaluator):
    theirs = EvaluationAssignment.objects.get(proposal=proposal, evaluator=other_evaluator)
    submit(assignment, criteria, value=5)  # the first evaluator submitted
    client.force_login(other_evaluator)
    assert client.get(u("evaluate", assignment.pk)).status_code == 404  # not theirs
    page = client.get(u("evaluate", theirs.pk)).content.decode()
    assert written_by(assignment) not in page
    assert "evaluación a ciegas" in page
    submit(theirs, criteria, value=3)
    page = client.get(u("evaluate", theirs.pk)).content.decode()
    assert written_by(assignment) in page


def test_revision_after_submission_is_kept_in_history_and_shown(client, criteria, assignment, evaluator, coordinator):
    submit(assignment, criteria, value=4)
    client.force_login(evaluator)
    page = client.get(u("evaluate", assignment.pk)).content.decode()
    assert "Guardar cambios" in page and "Enviar</button>" not in page
    response = client.post(u("evaluate", assignment.pk), scores_post(criteria, value=2, save="1"))
    assert response.status_code == 302
    change = EvaluationChange.objects.get()
    assert change.actor == evaluator
    page = client.get(u("evaluate", assignment.pk)).content.decode()
    assert criteria[0].name in page and f"4 ({written_by(assignment)}) → 2 ({JUSTIFICATION})" in page
    client.force_login(coordinator)
    assert f"→ 2 ({JUSTIFICATION})" in client.get(u("decision", assignment.proposal.pk)).content.decode()


def test_evaluation_closed_after_the_decision(client, criteria, proposal, assignment, evaluator, coordinator):
    submit(assignment, criteria)
    evaluation.decide(proposal=proposal, user=coordinator, viable=True, validated_cost=1_000_000)
    client.force_login(evaluator)
    page = client.get(u("evaluate", assignment.pk)).content.decode()
    assert "la evaluación está cerrada" in page and "Guardar cambios" not in page
    response = client.post(u("evaluate", assignment.pk), scores_post(criteria, value=1, save="1"))
    assert response.status_code == 409
    assert not EvaluationChange.objects.exists()


# --- Decision, moving on, ranking --------------------------------------------------------------


def test_decision_page_shows_scores_mean_and_warnings(client, criteria, proposal, assignment, other_evaluator, coordinator):
    submit(assignment, criteria, value=5)
    theirs = EvaluationAssignment.objects.get(proposal=proposal, evaluator=other_evaluator)
    submit(theirs, criteria, value=1, cost=800_000)  # technical viability 1 < minimum 2: eliminatory
    client.force_login(coordinator)
    response = client.get(u("decision", proposal.pk))
    body = response.content.decode()
    assert "100,0" in body and "20,0" in body  # each evaluator's weighted score
    assert response.context["sheet"].mean == 60.0
    assert "discrepan mucho" in body and "criterio eliminatorio quedó por debajo" in body
    assert format_money(800_000, proposal.call.currency) in body and "Ajuste por precios" in body
    assert "800000" not in body
    # Viable is refused (eliminatory failure), with the message; nothing saved.
    response = client.post(u("decision", proposal.pk), {"viable": "1", "validated_cost": "900000"})
    assert response.status_code == 400 and "no puede ser viable" in response.content.decode()
    assert not EvaluationDecision.objects.exists()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"viable": "0", "explanation": "  "}, "Explique públicamente por qué la propuesta no es viable."),
        ({"viable": "1", "validated_cost": "-3"}, "Indique el costo validado"),
        ({"viable": "1", "validated_cost": "caro"}, "Indique el costo validado"),
        ({"viable": "1", "validated_cost": ""}, "Indique el costo validado"),
        ({}, "Elija viable o no viable."),
    ],
)
def test_bad_decisions_are_refused(client, criteria, proposal, assignment, coordinator, data, message):
    submit(assignment, criteria)
    client.force_login(coordinator)
    response = client.post(u("decision", proposal.pk), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not EvaluationDecision.objects.exists()


def test_decision_without_submitted_evaluations_is_refused(client, proposal, assignment, coordinator):
    client.force_login(coordinator)
    response = client.post(u("decision", proposal.pk), {"viable": "1", "validated_cost": "100"})
    assert response.status_code == 409 and "Ninguna evaluación enviada" in response.content.decode()


def test_decide_and_move_on_in_bulk(client, django_capture_on_commit_callbacks, call, criteria, proposal, assignment, coordinator, evaluator):
    weak = ProposalFactory(call=call, title="Otra propuesta")
    evaluation.assign(proposals=[weak], evaluators=[evaluator], due_date=DUE, user=coordinator)
    submit(assignment, criteria, value=4)
    submit(EvaluationAssignment.objects.get(proposal=weak), criteria, value=2)
    client.force_login(coordinator)
    assert client.post(u("decision", proposal.pk), {"viable": "1", "validated_cost": "950000"}).status_code == 302
    assert client.post(u("decision", weak.pk), {"viable": "0", "explanation": "El predio es privado."}).status_code == 302
    page = client.get(u("move_on", call.pk)).content.decode()
    assert proposal.title in page and "El predio es privado." in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(u("move_on", call.pk), {"ids": [proposal.pk, weak.pk]}, follow=True)
    assert "Avanzaron 2 propuestas: 1 viables" in response.content.decode()
    proposal.refresh_from_db()
    weak.refresh_from_db()
    assert (proposal.status, proposal.validated_cost, weak.status) == ("shortlisted", 950_000, "not_viable")
    assert len(mail.outbox) == 2
    assert EvaluationDecision.objects.filter(published_at__isnull=False).count() == 2


def test_ranking_orders_by_mean_score(client, call, criteria, coordinator, evaluator, other_evaluator):
    proposals = [ProposalFactory(call=call, title=f"Rank {i}") for i in range(3)]
    evaluation.assign(proposals=proposals, evaluators=[evaluator, other_evaluator], due_date=DUE, user=coordinator)
    for value, proposal in zip([2, 5, 3], proposals):
        for a in proposal.assignments.all():
            submit(a, criteria, value=value if a.evaluator == evaluator else value - 1)
    client.force_login(coordinator)
    response = client.get(u("ranking", call.pk))
    ranked = list(response.context["page"])
    assert [p.title for p in ranked] == ["Rank 1", "Rank 2", "Rank 0"]
    for proposal in ranked:  # the database's mean is the scoring module's
        expected = evaluation.summary(proposal)
        assert proposal.mean_score == pytest.approx(float(expected.mean))


# --- Query counts ------------------------------------------------------------------------------


def populate(call, criteria, evaluators, coordinator, count):
    proposals = [ProposalFactory(call=call) for _ in range(count)]
    evaluation.assign(proposals=proposals, evaluators=evaluators, due_date=DUE, user=coordinator)
    for a in EvaluationAssignment.objects.filter(proposal__in=proposals).select_related("proposal", "evaluator"):
        submit(a, criteria, value=3)
        EvaluationNote.objects.create(proposal=a.proposal, author=coordinator, text="n")
    return proposals


@pytest.mark.parametrize("view", ["assign", "ranking", "report_progress", "report_scored", "mine", "home", "index"])
def test_admin_lists_run_constant_queries(client, call, criteria, coordinator, evaluator, other_evaluator, django_assert_num_queries, view):
    evaluator.groups.add(ensure_coordinators())  # one person who sees every list
    target = {
        "assign": u("assign", call.pk),
        "ranking": u("ranking", call.pk),
        "report_progress": u("report_progress"),
        "report_scored": u("report_scored"),
        "mine": u("mine"),
        "home": reverse("wagtailadmin_home"),
        "index": u("index"),
    }[view]
    client.force_login(evaluator)
    counts = []
    for size in (2, 20):
        Proposal.objects.filter(call=call).delete()
        proposals = populate(call, criteria, [evaluator, other_evaluator], coordinator, size)
        # Half decided and undecided, so both kinds of rows are rendered.
        evaluation.decide(proposal=proposals[0], user=coordinator, viable=True, validated_cost=1000)
        EvaluationAssignment.objects.filter(proposal__in=proposals[1 : size // 2], evaluator=evaluator).update(status="assigned")
        client.get(target)  # warm caches (site, settings)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            response = client.get(target)
        assert response.status_code == 200
        counts.append(len(captured.captured_queries))
    with django_assert_num_queries(counts[0]):
        client.get(target)
    assert counts[0] == counts[1], counts


# --- Evaluation sheet --------------------------------------------------------------------------


@pytest.fixture
def decided(call, criteria, proposal, assignment, other_evaluator, coordinator):
    submit(assignment, criteria, value=4)
    submit(EvaluationAssignment.objects.get(proposal=proposal, evaluator=other_evaluator), criteria, value=3)
    evaluation.add_note(proposal=proposal, user=coordinator, text=NOTE)
    evaluation.decide(proposal=proposal, user=coordinator, viable=True, validated_cost=950_000)
    return proposal


def test_staff_sheet_has_names_scores_and_notes(client, decided, coordinator, evaluator, assignment):
    client.force_login(coordinator)
    page = client.get(u("sheet", decided.pk)).content.decode()
    # The print styles are a static stylesheet (the Content-Security-Policy allows no <style>).
    assert "propuestas/sheet.css" in page
    assert "@media print" in open(finders.find("propuestas/sheet.css"), encoding="utf-8").read()
    assert decided.title in page and evaluator.display_name in page and NOTE in page
    assert written_by(assignment) in page and "$ 950,000" in page


def test_staff_pdf_is_a_pdf_with_the_title(client, decided, coordinator, settings):
    settings.EVALUATION_PDF_COMPRESS = False
    client.force_login(coordinator)
    response = client.get(u("sheet_pdf", decided.pk))
    assert response["Content-Type"] == "application/pdf"
    content = response.content
    assert content.startswith(b"%PDF")
    assert b"Ciclovia del centro" in content
    assert b"Coordinadora" in content and b"Nota interna" in content


def test_public_sheet_only_after_publication_without_notes_nor_names(client, call, decided, coordinator, evaluator, other_evaluator, citizen, editor, settings):
    url = reverse("propuestas:evaluation_sheet", args=[decided.pk])
    detail = reverse("propuestas:detail", args=[decided.pk])
    for viewer in (None, citizen, editor):
        if viewer:
            client.force_login(viewer)
        assert client.get(url).status_code == 404
        page = client.get(detail).content.decode()
        assert JUSTIFICATION not in page and url not in page
    # The editor sees no scores in the admin either.
    client.force_login(editor)
    for name in ("decision", "sheet", "ranking"):
        target = u(name, call.pk if name == "ranking" else decided.pk)
        assert outcome(client.get(target)) == "home"

    evaluation.move_on(call=call, user=coordinator)
    client.logout()
    page = client.get(detail).content.decode()
    assert url in page
    response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert decided.title in body and f"{JUSTIFICATION}" in body
    assert "Evaluación 1" in body and "Evaluación 2" in body
    for secret in (NOTE, evaluator.display_name, other_evaluator.display_name, evaluator.email, "Coordinadora"):
        assert secret not in body, secret
    settings.EVALUATION_PDF_COMPRESS = False
    pdf = client.get(reverse("propuestas:evaluation_sheet_pdf", args=[decided.pk])).content
    assert pdf.startswith(b"%PDF") and b"Ciclovia del centro" in pdf
    assert b"Nota interna" not in pdf and evaluator.display_name.encode() not in pdf


# --- Reports -----------------------------------------------------------------------------------


def test_reports_and_their_exports(client, call, decided, coordinator):
    client.force_login(coordinator)
    page = client.get(u("report_progress"))
    assert page.status_code == 200 and call.title in page.content.decode()
    row = next(c for c in page.context["object_list"] if c.pk == call.pk)
    expected = evaluation.progress(call)
    assert (row.assigned, row.submitted, row.overdue, row.decided) == (
        expected["assigned"], expected["submitted"], expected["overdue"], expected["decided"]
    )
    csv = client.get(u("report_progress") + "?export=csv")
    assert csv["Content-Type"].startswith("text/csv")
    text = b"".join(csv.streaming_content).decode() if csv.streaming else csv.content.decode()
    assert "Convocatoria,Asignadas,Enviadas,Vencidas,Decididas,Publicadas" in text and "Presupuesto 2027,2,2,0,1,0" in text

    scored = client.get(u("report_scored") + f"?call={call.pk}")
    assert decided.title in scored.content.decode()
    csv = client.get(u("report_scored") + f"?call={call.pk}&export=csv")
    text = b"".join(csv.streaming_content).decode() if csv.streaming else csv.content.decode()
    assert "Ciclovia del centro" in text and "950000" in text and "Viable (sin publicar)" in text
    xlsx = client.get(u("report_scored") + "?export=xlsx")
    content = b"".join(xlsx.streaming_content) if xlsx.streaming else xlsx.content
    assert content[:2] == b"PK"


def test_pdf_carries_the_institution_and_writes_numbers_and_dates_in_spanish(client, decided, coordinator, settings):
    """The sheet is a document of the institution: its name and logo from the site settings;
    scores with a decimal comma and dates in words, as the rest of the Spanish site."""
    import io
    import re

    from PIL import Image as PillowImage
    from django.core.files.images import ImageFile
    from wagtail.images.models import Image
    from wagtail.models import Site

    from portal.models import SiteSettings
    from evaluacion.pdf import _number

    buffer = io.BytesIO()
    PillowImage.new("RGB", (200, 80), "#083f54").save(buffer, "PNG")
    logo = Image.objects.create(title="Logotipo", file=ImageFile(buffer, name="logo.png"))
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.institution_name = "Instituto Municipal de Planeación"
    site_settings.logo = logo
    site_settings.save()
    settings.EVALUATION_PDF_COMPRESS = False
    client.force_login(coordinator)
    pdf = client.get(u("sheet_pdf", decided.pk)).content
    assert b"Instituto Municipal de Planeaci" in pdf
    assert b"/Subtype /Image" in pdf, "the logo is drawn"
    assert re.search(rb"\d{4}-\d{2}-\d{2}", pdf.split(b"stream", 1)[1]) is None, "no ISO dates in the text"
    assert _number(62.5) == "62,5"
