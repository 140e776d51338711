"""Counting a ballot box with the results engine and storing the explained outcome.

`tally_box()` reads the box's ballots, runs the call's rule (and greedy beside equal shares, to
show how they differ), stores a `BoxResult` and moves the proposals through the lifecycle:
winners to *selected* (or *shortlisted* for evaluation when the call votes first), the others
to *not selected*. Counting again (after paper ballots) replaces the result and revises states.
"""

from collections import Counter, defaultdict
from fractions import Fraction

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from propuestas.lifecycle import Role, State
from portal.errors import ActionRefused
from propuestas.services import transition_proposal

from . import alternatives
from . import turnout as turnout_counts
from .models import Ballot, BallotChoice, BoxResult, VoterMark
from .results import Ballot as EngineBallot
from .results import Election, ElectionError, Project, compute
from .results.election import APPROVAL, CHOOSE_1, CUMULATIVE
from .results.equal_shares import add1_step
from .signals import results_published
from .services import box_budget, box_proposals, ensure_boxes, voting_closed

#: The call's `results_rule` → the engine's rule name.
ENGINE_RULES = {
    "greedy": "greedy",
    "greedy_no_skip": "greedy-no-skip",
    "equal_shares": "equalshares/add1",
    "equal_shares_utilitarian": "equalshares/add1u",
}
VOTE_TYPES = {"approval": APPROVAL, "knapsack": APPROVAL, "choose_one": CHOOSE_1, "cumulative": CUMULATIVE}
#: Why a project on the ballot could not compete at all.
TOO_EXPENSIVE = "over-ceiling"


def engine_rule(call):
    rule = ENGINE_RULES[call.results_rule]
    if rule == "greedy" and call.results_min_score:
        return "greedy-threshold"
    return rule


def box_ballots(box):
    """{ballot id: [(proposal id, points)]} in ballot order, with one query."""
    ballots = defaultdict(list)
    rows = (
        BallotChoice.objects.filter(ballot__box=box)
        .order_by("ballot_id", "proposal_id")
        .values_list("ballot_id", "proposal_id", "points")
    )
    for ballot_id, proposal_id, points in rows.iterator(chunk_size=5000):
        ballots[ballot_id].append((proposal_id, points))
    return ballots


def build_election(box, proposals=None, budget=None, ballots=None):
    """The box as an engine `Election` (projects by proposal id) and the projects left out.

    A project that costs more than the territory's ceiling cannot be funded by any rule; it is
    kept out of the count and reported as such.
    """
    call = box.call
    proposals = list(box_proposals(box)) if proposals is None else proposals
    budget = box_budget(box) if budget is None else budget
    if not budget:
        raise ElectionError(_("El territorio no tiene techo presupuestal en esta convocatoria."))
    ballots = box_ballots(box) if ballots is None else ballots
    fits = [p for p in proposals if p.cost <= budget]
    left_out = [p for p in proposals if p.cost > budget]
    known = {p.pk for p in fits}
    vote_type = VOTE_TYPES[call.ballot_type]
    engine_ballots = []
    for ballot_id, choices in ballots.items():
        choices = [(pid, pts) for pid, pts in choices if pid in known]
        if not choices:
            continue
        projects = tuple(str(pid) for pid, _pts in choices)
        points = tuple(pts for _pid, pts in choices) if vote_type == CUMULATIVE else None
        engine_ballots.append(EngineBallot(projects=projects, points=points, voter_id=str(ballot_id)))
    election = Election(
        projects={str(p.pk): Project(id=str(p.pk), cost=p.cost, name=p.title) for p in fits},
        exclusive_groups=alternatives.exclusive_groups(box, fits),
        category_caps=alternatives.category_caps(box, fits, budget),
        budget=budget,
        ballots=engine_ballots,
        vote_type=vote_type,
        max_sum_points=call.ballot_points if vote_type == CUMULATIVE else None,
        # the call's minimum score is the threshold of its greedy rule only (the engine applies
        # an election's threshold under every rule)
        min_project_score_threshold=(
            call.results_min_score or None if engine_rule(call) == "greedy-threshold" else None
        ),
        rule=engine_rule(call),
    )
    return election, left_out


def _number(value):
    """JSON-friendly number: ints stay ints, fractions become floats (rounded for display)."""
    if value is None:
        return None
    if isinstance(value, Fraction):
        return int(value) if value.denominator == 1 else round(float(value), 4)
    return value


def _entries(outcome, proposals_by_id):
    entries = []
    for pid, result in outcome.projects.items():
        proposal = proposals_by_id[int(pid)]
        entries.append(
            {
                "id": proposal.pk,
                "reference": proposal.reference or "",
                "title": proposal.title,
                "cost": proposal.cost,
                "score": _number(result.score),
                "approvals": result.approvals,
                "selected": result.selected,
                "round": result.round,
                "reason": result.reason,
                "stage": result.stage,
                "paid": _number(result.supporters_paid),
                "payers": result.payers,
                "effective_votes": _number(result.effective_votes),
            }
        )
    return entries


def _empty_entries(proposals, reason):
    return [
        {
            "id": p.pk,
            "reference": p.reference or "",
            "title": p.title,
            "cost": p.cost,
            "score": 0,
            "approvals": 0,
            "selected": False,
            "round": None,
            "reason": reason,
            "stage": "",
            "paid": None,
            "payers": None,
            "effective_votes": None,
        }
        for p in proposals
    ]


def _order(entries):
    return sorted(entries, key=lambda e: (not e["selected"], e["round"] or 0, -(e["score"] or 0), e["cost"], e["id"]))


def count_box(box):
    """Compute (without storing) the result of a box: a dict with BoxResult's fields."""
    call = box.call
    proposals = list(box_proposals(box))
    by_id = {p.pk: p for p in proposals}
    budget = box_budget(box)
    election, left_out = build_election(box, proposals, budget)
    rule = engine_rule(call)
    counted = turnout_counts.of_boxes(Ballot.objects.filter(box=box), VoterMark.objects.filter(box=box))
    channels = counted["channels"]
    turnout = Counter({channel: channels.get(channel, 0) for channel in Ballot.Channel.values})
    turnout[Ballot.Channel.CODE] += channels[turnout_counts.DESK_CODE]
    greedy_entries = []
    details = {}
    if election.projects and election.ballots:
        outcome = compute(election, rule, add1_step=add1_step(election))
        entries = _entries(outcome, by_id)
        details = {k: _number(v) if isinstance(v, Fraction) else v for k, v in outcome.details.items()}
        if outcome.per_voter is not None:
            details["per_voter"] = _number(outcome.per_voter)
            # Where the completion started: each voter's equal part of the ceiling (RESULTS.md).
            details["voters"] = len(election.ballots)
            details["start_per_voter"] = election.budget // len(election.ballots)
            details.setdefault("step", 1)
        if rule.startswith("equalshares"):
            greedy_entries = _order(_entries(compute(election, "greedy"), by_id))
    else:
        entries = _empty_entries([p for p in proposals if p.cost <= (budget or 0)], "no-support")
    entries += _empty_entries(left_out, TOO_EXPENSIVE)
    entries = _order(entries)
    return {
        "rule": rule,
        "budget": budget or 0,
        "budget_used": sum(e["cost"] for e in entries if e["selected"]),
        "ballots_count": sum(turnout.values()),
        # Per channel (`code`: every code ballot), then the desk-bound codes among them and the
        # ballots of verified residents (`votaciones.turnout`).
        "turnout": {
            **{channel: turnout.get(channel, 0) for channel in Ballot.Channel.values},
            turnout_counts.DESK_CODE: channels[turnout_counts.DESK_CODE],
            "verified": counted["verified"],
            "unverified": counted["unverified"],
        },
        "projects": entries,
        "greedy": greedy_entries,
        "details": details,
    }


def tally_box(box, *, user=None, now=None, apply=True):
    """Count `box` after the close, store the result and move its proposals. Returns the BoxResult."""
    now = now or timezone.now()
    if not voting_closed(box.call, now):
        raise ActionRefused(_("Los resultados se calculan cuando cierra la votación."), "open")
    try:
        data = count_box(box)
    except ElectionError as error:
        raise ActionRefused(str(error), "cannot_count") from None
    with transaction.atomic():
        result, _created = BoxResult.objects.update_or_create(
            box=box, defaults={**data, "computed_at": now, "computed_by": user}
        )
        if apply:
            apply_outcome(box, data["projects"], user=user)
        transaction.on_commit(lambda: results_published.send(sender=BoxResult, box=box, result=result))
    return result


def apply_outcome(box, entries, *, user=None):
    """Move each proposal of the box to where the count put it (only when it is not there yet)."""
    from propuestas.models import Proposal

    vote_first = box.call.vote_before_evaluation
    winner_state, winner_transition = (
        (State.SHORTLISTED, "prioritize") if vote_first else (State.SELECTED, "select")
    )
    statuses = dict(Proposal.objects.filter(pk__in=[e["id"] for e in entries]).values_list("pk", "status"))
    movable_winners = {State.ADMITTED, State.NOT_SELECTED} if vote_first else {State.SHORTLISTED, State.NOT_SELECTED}
    movable_losers = {State.ADMITTED, State.SHORTLISTED} if vote_first else {State.SHORTLISTED, State.SELECTED}
    for entry in entries:
        status = statuses.get(entry["id"])
        if entry["selected"] and status in movable_winners and status != winner_state:
            name = winner_transition
        elif not entry["selected"] and status in movable_losers:
            name = "not_select"
        else:
            continue
        proposal = Proposal(pk=entry["id"])
        transition_proposal(proposal=proposal, name=name, user=user, roles={Role.SYSTEM})


def tally_call(call, *, user=None, now=None):
    """Count every box of the call. Returns [(box, BoxResult or error message)]."""
    outcomes = []
    for box in ensure_boxes(call):
        try:
            outcomes.append((box, tally_box(box, user=user, now=now)))
        except ActionRefused as refused:
            outcomes.append((box, str(refused.message)))
    return outcomes
