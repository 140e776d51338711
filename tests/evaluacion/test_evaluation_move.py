"""The technical evaluation's move from `propuestas` to its own app `evaluacion` (migrations
`propuestas.0005_move_evaluation_to_evaluacion` and `evaluacion.0001_initial`): state only, so
every row stays in its table, and the content types are relabelled, so the permissions, the
groups holding them and anything pointing at a content type keep working. Both directions."""

import datetime as dt
import importlib
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection, migrations
from django.db.migrations.loader import MigrationLoader

from evaluacion import services as evaluation
from evaluacion.models import (
    CriterionScore,
    EvaluationAssignment,
    EvaluationChange,
    EvaluationCriterion,
    EvaluationDecision,
    EvaluationNote,
)
from portal.roles import ensure_coordinators, ensure_roles
from tests.portal.factories import UserFactory
from tests.propuestas.factories import ProposalFactory, make_proposal_call

pytestmark = pytest.mark.django_db

BEFORE = ("propuestas", "0004_bank_facets_index")
REMOVE = ("propuestas", "0005_move_evaluation_to_evaluacion")
CREATE = ("evaluacion", "0001_initial")
MODELS = {
    "evaluationcriterion": EvaluationCriterion,
    "evaluationassignment": EvaluationAssignment,
    "criterionscore": CriterionScore,
    "evaluationchange": EvaluationChange,
    "evaluationnote": EvaluationNote,
    "evaluationdecision": EvaluationDecision,
}
relabelling = importlib.import_module("evaluacion.migrations.0001_initial")


def state_apps(node):
    """The historical models once `node` (and what it needs) is applied."""
    return MigrationLoader(connection, ignore_no_migrations=True).project_state([node]).apps


def run(direction):
    """Run the content type relabelling of `evaluacion.0001_initial` forwards or backwards."""
    ContentType.objects.clear_cache()
    getattr(relabelling, direction)(state_apps(CREATE), SimpleNamespace(connection=connection))
    ContentType.objects.clear_cache()


def evaluated_proposal():
    """A proposal with rows in all six tables: criteria, two evaluations (one changed after it was
    submitted), a note and a decision; and a coordinator holding the permission through a group."""
    ensure_roles()
    coordinator = UserFactory(email="coordina@example.org")
    coordinator.groups.add(ensure_coordinators())
    evaluator = UserFactory(email="evalua@example.org")
    evaluator.groups.add(Group.objects.get(name="Evaluadores"))
    call = make_proposal_call(current="technical_evaluation")
    proposal = ProposalFactory(call=call, status="admitted", estimated_cost=1000)
    criteria = evaluation.ensure_default_criteria(call)
    evaluation.assign(proposals=[proposal], evaluators=[evaluator], due_date=dt.date(2030, 1, 1), user=coordinator)
    assignment = EvaluationAssignment.objects.get()
    scores = {c.pk: (3, "Razonable.") for c in criteria}
    evaluation.save_evaluation(assignment=assignment, user=evaluator, scores=scores, validated_cost=1000, submit=True)
    scores[criteria[0].pk] = (4, "Mejor de lo que parecía.")
    evaluation.save_evaluation(assignment=assignment, user=evaluator, scores=scores, validated_cost=1000)
    evaluation.add_note(proposal=proposal, user=coordinator, text="Revisar el lote.")
    evaluation.decide(proposal=proposal, user=coordinator, viable=True, validated_cost=1000)
    return coordinator


def counts(get_model):
    return {name: get_model(name).objects.count() for name in MODELS}


def content_type_ids(app_label):
    return dict(ContentType.objects.filter(app_label=app_label, model__in=MODELS).values_list("model", "pk"))


def holds(user_pk, permission):
    return get_user_model().objects.get(pk=user_pk).has_perm(permission)


def columns(meta):
    return {f.column: (f.db_type(connection), f.null) for f in meta.local_fields}


def test_the_move_touches_no_table():
    """Both migrations change the state only; the models keep the tables and columns they had."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    for node in (REMOVE, CREATE):
        for operation in loader.graph.nodes[node].operations:
            if isinstance(operation, migrations.SeparateDatabaseAndState):
                assert operation.database_operations == []
            else:
                assert isinstance(operation, migrations.RunPython)
    old = loader.project_state([BEFORE]).apps
    for name, model in MODELS.items():
        before = old.get_model("propuestas", name)._meta
        assert model._meta.db_table == before.db_table == f"propuestas_{name}"
        assert columns(model._meta) == columns(before)
        assert {c.name for c in model._meta.constraints} == {c.name for c in before.constraints}
    assert not any(old_name in loader.project_state([CREATE]).apps.all_models["propuestas"] for old_name in MODELS)


def test_relabelling_keeps_rows_content_types_and_grants_both_ways():
    coordinator = evaluated_proposal()
    rows = counts(lambda name: MODELS[name])
    assert all(rows.values()), rows
    moved_ids = content_type_ids("evaluacion")
    assert set(moved_ids) == set(MODELS)
    # Backwards: the database as main had it before the move, read by `propuestas`' models.
    run("backwards")
    old = state_apps(BEFORE)
    assert counts(lambda name: old.get_model("propuestas", name)) == rows
    assert content_type_ids("propuestas") == moved_ids and content_type_ids("evaluacion") == {}
    assert holds(coordinator.pk, "propuestas.coordinate_evaluation")
    assert not holds(coordinator.pk, "evaluacion.coordinate_evaluation")
    # Forwards: the same content type rows (same ids); the grant follows them.
    run("forwards")
    assert counts(lambda name: MODELS[name]) == rows
    assert content_type_ids("evaluacion") == moved_ids and content_type_ids("propuestas") == {}
    assert holds(coordinator.pk, "evaluacion.coordinate_evaluation")
    assert not holds(coordinator.pk, "propuestas.coordinate_evaluation")
    assert Permission.objects.filter(codename="coordinate_evaluation").count() == 1
    assert EvaluationDecision.objects.get().proposal.decision.viable


def test_a_content_type_already_there_gives_its_grants_to_the_one_kept():
    """A post_migrate between the two migrations may have created `evaluacion`'s content types
    already: the original content type is kept (rows elsewhere point at it), it receives the newer
    one's permissions with their grants, and the newer one goes. Nothing is granted twice."""
    coordinator = evaluated_proposal()
    moved_ids = content_type_ids("evaluacion")
    run("backwards")
    newer = ContentType.objects.create(app_label="evaluacion", model="evaluationcriterion")
    duplicate = Permission.objects.create(content_type=newer, codename="coordinate_evaluation", name="Puede coordinar")
    only_newer = Permission.objects.create(content_type=newer, codename="audit_evaluation", name="Puede auditar")
    auditor = UserFactory(email="audita@example.org")
    auditor.user_permissions.add(duplicate, only_newer)
    run("forwards")
    assert content_type_ids("evaluacion") == moved_ids and content_type_ids("propuestas") == {}
    assert not ContentType.objects.filter(pk=newer.pk).exists()
    assert Permission.objects.filter(codename="coordinate_evaluation").get().content_type_id == moved_ids["evaluationcriterion"]
    for person in (coordinator, auditor):
        assert holds(person.pk, "evaluacion.coordinate_evaluation")
    assert holds(auditor.pk, "evaluacion.audit_evaluation")
    assert Permission.objects.filter(content_type_id=moved_ids["evaluationcriterion"]).count() == 6
