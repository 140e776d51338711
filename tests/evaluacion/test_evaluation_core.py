"""Technical evaluation services: scoring arithmetic, assignment, blind review, decision, moving on."""

import datetime as dt
from fractions import Fraction

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError

from portal.roles import ensure_roles
from evaluacion import scoring
from evaluacion import services as evaluation
from evaluacion.models import EvaluationChange, EvaluationDecision
from portal.errors import ActionRefused
from tests.portal.factories import UserFactory
from tests.propuestas.factories import ProposalFactory, make_proposal_call

DUE = dt.date(2027, 1, 31)


class TestScoring:
    criteria = [
        scoring.Criterion("eco", weight=2),
        scoring.Criterion("tec", weight=1, eliminatory=True, minimum=2),
    ]

    def test_weighted_score_is_normalised_to_100(self):
        assert scoring.weighted_score(self.criteria, {"eco": 5, "tec": 5}) == 100
        assert scoring.weighted_score(self.criteria, {"eco": 0, "tec": 5}) == Fraction(100, 3)
        with pytest.raises(ValueError):
            scoring.weighted_score(self.criteria, {"eco": 6, "tec": 1})

    def test_eliminatory_and_disagreement(self):
        assert scoring.eliminatory_failures(self.criteria, {"eco": 5, "tec": 1}) == ["tec"]
        close = scoring.summarise(self.criteria, [{"eco": 4, "tec": 4}, {"eco": 4, "tec": 3}])
        assert not close.disagreement and close.suggests_viable
        apart = scoring.summarise(self.criteria, [{"eco": 5, "tec": 5}, {"eco": 1, "tec": 2}])
        assert apart.disagreement
        split = scoring.summarise(self.criteria, [{"eco": 4, "tec": 4}, {"eco": 4, "tec": 1}])
        assert split.disagreement and split.fails and not split.suggests_viable


@pytest.fixture
def coordinator(db):
    user = UserFactory(email="coordina@example.org", is_staff=True)
    _editors, evaluators = ensure_roles()
    user.groups.add(evaluators)
    user.user_permissions.add(Permission.objects.get(codename="coordinate_evaluation"))
    return user


@pytest.fixture
def evaluators(db):
    _editors, group = ensure_roles()
    people = [UserFactory(is_staff=True), UserFactory(is_staff=True)]
    for person in people:
        person.groups.add(group)
    return people


@pytest.fixture
def setting(db):
    call = make_proposal_call(current="technical_evaluation")
    criteria = evaluation.ensure_default_criteria(call)
    proposal = ProposalFactory(call=call, estimated_cost=1_000_000)
    return call, criteria, proposal


def full_scores(criteria, value=4):
    return {c.pk: (value, "Justificación técnica.") for c in criteria}


@pytest.mark.django_db
class TestEvaluationFlow:
    def test_assignment_needs_a_coordinator_and_evaluators(self, setting, coordinator, evaluators, citizen):
        call, criteria, proposal = setting
        with pytest.raises(ActionRefused):
            evaluation.assign(proposals=[proposal], evaluators=evaluators, due_date=DUE, user=evaluators[0])
        with pytest.raises(ValidationError):
            evaluation.assign(proposals=[proposal], evaluators=[citizen], due_date=DUE, user=coordinator)
        assert evaluation.assign(proposals=[proposal], evaluators=evaluators, due_date=DUE, user=coordinator) == 2
        assert evaluation.assign(proposals=[proposal], evaluators=evaluators, due_date=DUE, user=coordinator) == 0
        assert [a.proposal for a in evaluation.pending_for(evaluators[0])] == [proposal]

    def test_scoring_validation_refuses_and_saves_nothing(self, setting, coordinator, evaluators):
        call, criteria, proposal = setting
        evaluation.assign(proposals=[proposal], evaluators=evaluators, due_date=DUE, user=coordinator)
        assignment = proposal.assignments.get(evaluator=evaluators[0])
        bad = full_scores(criteria)
        bad[criteria[0].pk] = (9, "")
        with pytest.raises(ValidationError) as error:
            evaluation.save_evaluation(assignment=assignment, user=evaluators[0], scores=bad, validated_cost=-5)
        assert {f"score_{criteria[0].pk}", f"justification_{criteria[0].pk}", "validated_cost"} <= set(error.value.message_dict)
        with pytest.raises(ValidationError) as error:
            evaluation.save_evaluation(
                assignment=assignment, user=evaluators[0], scores=full_scores(criteria), validated_cost=2_000_000
            )
        assert "cost_explanation" in error.value.message_dict
        assert not assignment.scores.exists()
        with pytest.raises(ActionRefused):
            evaluation.save_evaluation(
                assignment=assignment, user=evaluators[1], scores=full_scores(criteria), validated_cost=1_000_000
            )

    def test_blind_review_and_history(self, setting, coordinator, evaluators):
        call, criteria, proposal = setting
        evaluation.assign(proposals=[proposal], evaluators=evaluators, due_date=DUE, user=coordinator)
        first, second = (proposal.assignments.get(evaluator=e) for e in evaluators)
        evaluation.save_evaluation(
            assignment=first, user=evaluators[0], scores=full_scores(criteria), validated_cost=1_000_000, submit=True
        )
        assert evaluation.visible_assignments(proposal=proposal, user=evaluators[1]) == [second]
        assert len(evaluation.visible_assignments(proposal=proposal, user=coordinator)) == 2
        evaluation.save_evaluation(
            assignment=second, user=evaluators[1], scores=full_scores(criteria, 3), validated_cost=1_000_000, submit=True
        )
        assert len(evaluation.visible_assignments(proposal=proposal, user=evaluators[1])) == 2
        evaluation.save_evaluation(
            assignment=first,
            user=evaluators[0],
            scores=full_scores(criteria, 5),
            validated_cost=1_200_000,
            cost_explanation="Incluye señalización.",
        )
        change = EvaluationChange.objects.get()
        assert change.actor == evaluators[0] and change.changes["costo validado"] == [1_000_000, 1_200_000]

    def test_decision_and_moving_on_shortlists(self, setting, coordinator, evaluators):
        call, criteria, proposal = setting
        evaluation.assign(proposals=[proposal], evaluators=evaluators[:1], due_date=DUE, user=coordinator)
        assignment = proposal.assignments.get()
        with pytest.raises(ActionRefused):
            evaluation.decide(proposal=proposal, user=coordinator, viable=True, validated_cost=1)
        evaluation.save_evaluation(
            assignment=assignment, user=evaluators[0], scores=full_scores(criteria), validated_cost=900_000,
            cost_explanation="Menos metros.", submit=True,
        )
        with pytest.raises(ValidationError):
            evaluation.decide(proposal=proposal, user=coordinator, viable=False, explanation=" ")
        evaluation.decide(proposal=proposal, user=coordinator, viable=True, validated_cost=900_000)
        with pytest.raises(ActionRefused):
            evaluation.save_evaluation(
                assignment=assignment, user=evaluators[0], scores=full_scores(criteria), validated_cost=900_000,
                cost_explanation="x",
            )
        moved = evaluation.move_on(call=call, user=coordinator)
        proposal.refresh_from_db()
        assert moved and proposal.status == "shortlisted" and proposal.cost == 900_000
        assert EvaluationDecision.objects.get().published_at is not None

    def test_eliminatory_failure_cannot_be_viable(self, setting, coordinator, evaluators):
        call, criteria, proposal = setting
        evaluation.assign(proposals=[proposal], evaluators=evaluators[:1], due_date=DUE, user=coordinator)
        scores = full_scores(criteria)
        technical = next(c for c in criteria if c.eliminatory)
        scores[technical.pk] = (1, "Suelo no apto.")
        evaluation.save_evaluation(
            assignment=proposal.assignments.get(), user=evaluators[0], scores=scores, validated_cost=1_000_000, submit=True
        )
        with pytest.raises(ValidationError):
            evaluation.decide(proposal=proposal, user=coordinator, viable=True, validated_cost=1_000_000)
        evaluation.decide(proposal=proposal, user=coordinator, viable=False, explanation="El suelo no permite construir.")
        evaluation.move_on(call=call, user=coordinator)
        proposal.refresh_from_db()
        assert proposal.status == "not_viable"
        assert evaluation.progress(call)["decided"] == 1
