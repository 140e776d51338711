"""Ballot rules, casting, codes, paper ballots and the count: the services under the pages."""

import datetime as dt

import pytest
from django.utils import timezone

from portal.errors import ActionRefused
from tests.convocatorias.factories import TerritoryFactory
from tests.portal.factories import UserFactory
from tests.propuestas.factories import ProposalFactory
from tests.votaciones.factories import make_voting_call
from votaciones import ballots as rules
from votaciones import services
from votaciones.models import Ballot, BallotChoice, BoxResult, VotingCode, code_digest
from votaciones.tally import tally_box

pytestmark = pytest.mark.django_db


def codes(problems):
    return [p.code for p in problems]


class TestBallotRules:
    costs = {1: 300, 2: 500, 3: 400}

    def test_approval_limits(self):
        r = rules.BallotRules("approval", costs=self.costs, min_selections=2, max_selections=2)
        assert codes(rules.problems(r, {1: 1})) == ["too_few"]
        assert codes(rules.problems(r, {1: 1, 2: 1, 3: 1})) == ["too_many"]
        assert rules.problems(r, {1: 1, 2: 1}) == []
        assert codes(rules.problems(r, {})) == ["empty"]
        assert codes(rules.problems(r, {9: 1})) == ["unknown_project"]
        assert codes(rules.problems(r, {1: 2, 2: 1})) == ["repeated_mark"]

    def test_knapsack_budget_and_minimum_spend(self):
        r = rules.BallotRules("knapsack", costs=self.costs, budget=800, min_spend=700)
        assert rules.problems(r, {1: 1, 2: 1}) == []
        assert codes(rules.problems(r, {2: 1, 3: 1})) == ["over_budget"]
        assert codes(rules.problems(r, {1: 1})) == ["under_min_spend"]

    def test_choose_one(self):
        r = rules.BallotRules("choose_one", costs=self.costs)
        assert rules.problems(r, {3: 1}) == []
        assert codes(rules.problems(r, {1: 1, 3: 1})) == ["only_one"]

    def test_cumulative_points(self):
        r = rules.BallotRules("cumulative", costs=self.costs, points=10, max_points_per_project=6)
        assert rules.problems(r, {1: 6, 2: 4}) == []
        assert codes(rules.problems(r, {1: 6, 2: 5})) == ["too_many_points"]
        assert codes(rules.problems(r, {1: 7})) == ["project_points_cap"]
        assert codes(rules.problems(r, {1: 0})) == ["no_points"]
        assert codes(rules.problems(r, {1: -1})) == ["bad_points"]
        assert codes(rules.problems(r, {1: "3"})) == ["bad_points"]
        assert rules.normalise(r, {1: 0, 2: 3}) == {2: 3}


class TestOnlineBallots:
    def test_cast_then_change_keeps_one_ballot_with_new_receipt(self, citizen):
        call, box, (a, b, c) = make_voting_call()
        ballot, first = services.cast_online_ballot(box=box, user=citizen, choices={a.pk: 1})
        again, second = services.cast_online_ballot(box=box, user=citizen, choices={b.pk: 1, c.pk: 1})
        assert ballot.pk == again.pk and first != second
        assert Ballot.objects.count() == 1
        assert set(BallotChoice.objects.values_list("proposal_id", flat=True)) == {b.pk, c.pk}
        assert services.find_receipt(second) == box
        assert services.find_receipt(first) is None

    def test_refused_outside_the_window(self, citizen):
        call, box, (a, *_rest) = make_voting_call(current="supports")
        with pytest.raises(ActionRefused):
            services.cast_online_ballot(box=box, user=citizen, choices={a.pk: 1})
        assert not Ballot.objects.exists()

    def test_refused_for_unconfirmed_and_non_residents(self):
        call, box, (a, *_rest) = make_voting_call(vote_residents_only=True)
        with pytest.raises(ActionRefused, match="Confirme"):
            services.cast_online_ballot(box=box, user=UserFactory(verified=False), choices={a.pk: 1})
        with pytest.raises(ActionRefused, match="residen"):
            services.cast_online_ballot(box=box, user=UserFactory(), choices={a.pk: 1})
        resident = UserFactory(territory=box.territory)
        services.cast_online_ballot(box=box, user=resident, choices={a.pk: 1})
        assert Ballot.objects.count() == 1

    def test_one_territory_only(self, citizen):
        call, box, (a, *_rest) = make_voting_call()
        other_territory = call.territories.exclude(territory=box.territory).first().territory
        other = ProposalFactory(call=call, territory=other_territory, status="shortlisted")
        services.cast_online_ballot(box=box, user=citizen, choices={a.pk: 1})
        other_box = services.box_for(call=call, territory=other_territory)
        with pytest.raises(ActionRefused, match="un solo territorio"):
            services.cast_online_ballot(box=other_box, user=citizen, choices={other.pk: 1})

    def test_project_of_another_box_is_refused(self, citizen):
        call, box, (a, *_rest) = make_voting_call()
        stranger = ProposalFactory(call=call, territory=call.territories.last().territory, status="shortlisted")
        with pytest.raises(ActionRefused, match="no están en este tarjetón"):
            services.cast_online_ballot(box=box, user=citizen, choices={stranger.pk: 1})


class TestWorkshopCodes:
    def test_code_votes_once_and_is_stored_hashed(self):
        call, box, (a, *_rest) = make_voting_call()
        session = services.create_session(box=box, user=None, name="Taller en la biblioteca")
        [code] = services.generate_codes(session=session, count=1)
        stored = VotingCode.objects.get()
        assert stored.digest == code_digest(code) and code.replace("-", "") not in stored.digest
        ballot, receipt = services.cast_code_ballot(text=code.lower(), choices={a.pk: 1})
        assert ballot.channel == "code" and ballot.session == session
        with pytest.raises(ActionRefused, match="ya se usó"):
            services.cast_code_ballot(text=code, choices={a.pk: 1})
        assert Ballot.objects.count() == 1

    def test_voided_and_expired_codes(self):
        call, box, (a, *_rest) = make_voting_call()
        session = services.create_session(box=box, user=None, name="Taller")
        first, second = services.generate_codes(session=session, count=2)
        services.void_code_text(session=session, text=first, user=None)
        with pytest.raises(ActionRefused, match="anulado"):
            services.cast_code_ballot(text=first, choices={a.pk: 1})
        later = timezone.now() + dt.timedelta(days=30)
        with pytest.raises(ActionRefused, match="venció"):
            services.cast_code_ballot(text=second, choices={a.pk: 1}, now=later)
        assert not Ballot.objects.exists()


class TestPaperAndTally:
    def test_paper_batch_is_all_or_nothing(self):
        call, box, (a, b, c) = make_voting_call()
        session = services.create_session(box=box, user=None, name="Taller")
        with pytest.raises(ActionRefused, match="Papeleta 2"):
            services.record_paper_ballots(session=session, ballots=[{a.pk: 1}, {999999: 1}])
        assert not Ballot.objects.exists()
        services.record_paper_ballots(session=session, ballots=[{a.pk: 1}, {b.pk: 1, c.pk: 1}])
        assert Ballot.objects.filter(channel="paper").count() == 2

    def test_tally_after_close_selects_and_moves_proposals(self):
        call, box, (a, b, c) = make_voting_call(costs=[6_000_000, 3_000_000, 2_000_000])
        for choices in ({a.pk: 1}, {a.pk: 1, b.pk: 1}, {a.pk: 1, c.pk: 1}, {b.pk: 1}):
            services.cast_online_ballot(box=box, user=UserFactory(), choices=choices)
        with pytest.raises(ActionRefused):
            tally_box(box)
        later = timezone.now() + dt.timedelta(days=8)
        result = tally_box(box, now=later)
        assert [w["id"] for w in result.winners] == [a.pk, b.pk]
        assert result.budget_used == 9_000_000 and result.ballots_count == 4
        assert result.turnout["online"] == 4
        a.refresh_from_db(); b.refresh_from_db(); c.refresh_from_db()
        assert (a.status, b.status, c.status) == ("selected", "selected", "not_selected")
        # counting again changes nothing
        tally_box(box, now=later)
        assert BoxResult.objects.count() == 1

    def test_vote_first_winners_go_to_evaluation(self):
        call, box, (a, b) = make_voting_call(
            vote_before_evaluation=True, results_rule="equal_shares", costs=[8_000_000, 3_000_000]
        )
        services.cast_online_ballot(box=box, user=UserFactory(), choices={a.pk: 1})
        services.cast_online_ballot(box=box, user=UserFactory(), choices={b.pk: 1})
        result = tally_box(box, now=timezone.now() + dt.timedelta(days=8))
        assert result.rule == "equalshares/add1" and result.greedy
        statuses = {p.pk: p.status for p in type(a).objects.filter(pk__in=[a.pk, b.pk])}
        assert sorted(statuses.values()) in (["not_selected", "shortlisted"], ["shortlisted", "shortlisted"])

    def test_empty_box_counts_to_no_winner(self):
        call, box, _items = make_voting_call()
        result = tally_box(box, now=timezone.now() + dt.timedelta(days=8))
        assert result.winners == [] and result.ballots_count == 0


def test_tally_votes_command_counts_closed_calls_once():
    from io import StringIO

    from django.core.management import call_command

    call, box, (a, *_rest) = make_voting_call(current="results")
    out = StringIO()
    call_command("tally_votes", stdout=out)
    assert "Urnas contadas: 2" in out.getvalue()  # both territories of the call
    assert BoxResult.objects.filter(box=box).exists()
    out = StringIO()
    call_command("tally_votes", stdout=out)
    assert "ya contada" in out.getvalue() and "Urnas contadas: 0" in out.getvalue()


def test_equal_shares_with_peso_sized_budgets_counts_in_bounded_runs():
    """A 1,200 million ceiling and a few voters: add1 steps by a thousandth of the share."""
    from votaciones.results import Ballot as EngineBallot
    from votaciones.results import Election, Project, compute
    from votaciones.results.equal_shares import add1_step

    projects = [Project(str(i), cost) for i, cost in enumerate([700_000_000, 450_000_000, 300_000_000, 250_000_000], 1)]
    ballots = [EngineBallot(("1",))] * 40 + [EngineBallot(("2", "3"))] * 30 + [EngineBallot(("3", "4"))] * 55
    election = Election.build(projects, 1_200_000_000, ballots)
    step = add1_step(election)
    assert step == (1_200_000_000 // 125) // 1000
    outcome = compute(election, "equalshares/add1", add1_step=step)
    assert outcome.details["step"] == step and outcome.details["runs"] < 5000
    assert outcome.cost <= 1_200_000_000
    # Small shares keep the exact definition (+1).
    small = Election.build([Project("a", 300), Project("b", 200)], 400, [EngineBallot(("a",)), EngineBallot(("b",))])
    assert add1_step(small) == 1


def test_tally_of_a_cop_call_with_equal_shares_is_quick():
    call, box, (a, b, c) = make_voting_call(
        currency="COP", ceiling=1_200_000_000, costs=[700_000_000, 450_000_000, 300_000_000], results_rule="equal_shares"
    )
    for choices in [{a.pk: 1}] * 4 + [{b.pk: 1, c.pk: 1}] * 5:
        services.cast_online_ballot(box=box, user=UserFactory(), choices=choices)
    result = tally_box(box, now=timezone.now() + dt.timedelta(days=8))
    assert result.details["runs"] < 5000 and result.budget_used <= 1_200_000_000
