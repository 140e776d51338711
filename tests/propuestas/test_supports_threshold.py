"""The supports threshold holds where the call's order puts it.

A call that evaluates first: only proposals with enough supports enter the technical evaluation
(listed, assigned, decided, moved on). A call that votes first: only they reach the ballot (the
sheet, the ballot check, the count, the results and the admin's tally). Each path is tested
with a proposal just below and one just at the threshold, and without a threshold.
"""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from portal.roles import ensure_roles
from evaluacion import services as evaluation
from evaluacion.models import EvaluationDecision
from propuestas.models import Proposal
from portal.errors import ActionRefused
from tests.portal.factories import UserFactory
from tests.propuestas.factories import ProposalFactory, make_proposal_call
from tests.votaciones.factories import make_voting_call
from votaciones import selectors, services, tally

DUE = dt.date(2030, 1, 31)
THRESHOLD = 3


@pytest.fixture
def coordinator(db):
    user = UserFactory(is_staff=True)
    _editors, evaluators = ensure_roles()
    user.groups.add(evaluators)
    user.user_permissions.add(Permission.objects.get(codename="coordinate_evaluation"))
    return user


@pytest.fixture
def evaluators(db):
    _editors, group = ensure_roles()
    people = [UserFactory(is_staff=True)]
    for person in people:
        person.groups.add(group)
    return people


def with_supports(proposal, count):
    Proposal.objects.filter(pk=proposal.pk).update(supports_count=count)
    proposal.refresh_from_db()
    return proposal


# --- Evaluate first --------------------------------------------------------------------------


@pytest.fixture
def evaluate_first(db):
    call = make_proposal_call(current="technical_evaluation", supports_threshold=THRESHOLD)
    evaluation.ensure_default_criteria(call)
    reached = with_supports(ProposalFactory(call=call), THRESHOLD)
    below = with_supports(ProposalFactory(call=call), THRESHOLD - 1)
    return call, reached, below


def test_only_proposals_that_reached_the_threshold_are_evaluation_candidates(evaluate_first):
    call, reached, below = evaluate_first
    assert list(evaluation.candidates(call)) == [reached]


def test_a_proposal_below_the_threshold_cannot_be_assigned(evaluate_first, coordinator, evaluators):
    call, reached, below = evaluate_first
    with pytest.raises(ActionRefused) as refused:
        evaluation.assign(proposals=[reached, below], evaluators=evaluators, due_date=DUE, user=coordinator)
    assert refused.value.code == "supports_threshold" and "apoyos" in refused.value.message
    assert not below.assignments.exists() and not reached.assignments.exists()  # all or nothing
    assert evaluation.assign(proposals=[reached], evaluators=evaluators, due_date=DUE, user=coordinator) == 1


def test_a_proposal_below_the_threshold_cannot_be_decided_nor_moved_on(evaluate_first, coordinator):
    call, reached, below = evaluate_first
    with pytest.raises(ActionRefused) as refused:
        evaluation.decide(proposal=below, user=coordinator, viable=True, validated_cost=1_000)
    assert refused.value.code == "supports_threshold"
    # Even a decision written around the services does not move it onto the ballot.
    EvaluationDecision.objects.create(
        proposal=below, viable=True, validated_cost=1_000, score=4, decided_by=coordinator, decided_at=timezone.now()
    )
    assert evaluation.move_on(call=call, user=coordinator) == []
    below.refresh_from_db()
    assert below.status == "admitted"


def test_without_a_threshold_every_admitted_proposal_is_a_candidate(db):
    call = make_proposal_call(current="technical_evaluation")
    proposals = [with_supports(ProposalFactory(call=call), count) for count in (0, 5)]
    assert set(evaluation.candidates(call)) == set(proposals)


def test_in_a_call_that_votes_first_the_threshold_is_not_asked_again_at_evaluation(db, coordinator, evaluators):
    call, box, proposals = make_voting_call(vote_before_evaluation=True, supports_threshold=THRESHOLD, current="technical_evaluation")
    winner = with_supports(proposals[0], 0)
    Proposal.objects.filter(pk=winner.pk).update(status="shortlisted")
    winner.refresh_from_db()
    assert list(evaluation.candidates(call)) == [winner]
    assert evaluation.assign(proposals=[winner], evaluators=evaluators, due_date=DUE, user=coordinator) == 1


# --- Vote first --------------------------------------------------------------------------------


@pytest.fixture
def vote_first(db):
    call, box, proposals = make_voting_call(vote_before_evaluation=True, supports_threshold=THRESHOLD)
    reached, also_reached, below = (with_supports(p, n) for p, n in zip(proposals, (THRESHOLD, THRESHOLD + 4, 0)))
    return call, box, (reached, also_reached, below)


def test_only_proposals_that_reached_the_threshold_are_on_the_ballot(vote_first):
    call, box, (reached, also_reached, below) = vote_first
    assert list(services.box_proposals(box)) == [reached, also_reached]
    sheet = selectors.ballot_sheet(box.pk)
    assert below.pk not in {p.pk for p in sheet.proposals}


def test_a_ballot_for_a_proposal_below_the_threshold_is_refused(vote_first, citizen):
    call, box, (reached, also_reached, below) = vote_first
    with pytest.raises(ActionRefused):
        services.cast_online_ballot(box=box, user=citizen, choices={below.pk: 1})
    ballot, _receipt = services.cast_online_ballot(box=box, user=citizen, choices={reached.pk: 1})
    assert [c.proposal_id for c in ballot.choices.all()] == [reached.pk]


def test_the_ballot_page_does_not_show_proposals_below_the_threshold(vote_first, client, citizen):
    call, box, (reached, also_reached, below) = vote_first
    client.force_login(citizen)
    page = client.get(reverse("votaciones:ballot", args=[box.pk])).content.decode()
    assert reached.title in page and below.title not in page


def test_the_count_leaves_out_proposals_below_the_threshold(vote_first):
    call, box, (reached, also_reached, below) = vote_first
    services.cast_online_ballot(box=box, user=UserFactory(), choices={reached.pk: 1})
    projects = {entry["id"] for entry in tally.count_box(box)["projects"]}
    assert {str(reached.pk), str(also_reached.pk)} == {str(pid) for pid in projects}


def test_without_a_threshold_every_admitted_proposal_is_on_a_vote_first_ballot(db):
    call, box, proposals = make_voting_call(vote_before_evaluation=True)
    for proposal in proposals:
        with_supports(proposal, 0)
    assert list(services.box_proposals(box)) == proposals
