"""Casting ballots, workshop codes and paper ballots: keyword-only writes, one transaction each.

Every refusal raises `ActionRefused` with a Spanish message and changes nothing. The database
holds the counting rules too: one ballot per voter and box (and per call when people vote in one
territory only), one ballot per workshop code.
"""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from convocatorias.models import CallPage, CallTerritory, Territory
from convocatorias.money import format_money
from convocatorias.phases import Action, Phase
from propuestas.lifecycle import State
from propuestas.models import Proposal
from propuestas.rules import has_confirmed_email, supports_threshold_q
from portal.errors import ActionRefused

from . import ballots as ballot_rules
from . import electorate
from .models import (
    Ballot,
    BallotBox,
    BallotChoice,
    VoterMark,
    VotingCode,
    WorkshopSession,
    code_digest,
    format_code,
    new_code,
    normalise_code,
    receipt_fingerprint,
)

RECEIPT_LENGTH = 12
CODE_LENGTH = 10
MAX_CODES_PER_BATCH = 500

#: Where a proposal stands when it is on its territory's ballot (or was, once counted).
ON_BALLOT_AFTER_EVALUATION = frozenset(
    {State.SHORTLISTED, State.SELECTED, State.NOT_SELECTED, State.IN_EXECUTION, State.COMPLETED}
)
ON_BALLOT_BEFORE_EVALUATION = ON_BALLOT_AFTER_EVALUATION | {State.ADMITTED, State.NOT_VIABLE}


def ballot_statuses(call):
    """Evaluate then vote: the viable (shortlisted) proposals. Vote first: every admitted one."""
    states = ON_BALLOT_BEFORE_EVALUATION if call.vote_before_evaluation else ON_BALLOT_AFTER_EVALUATION
    return sorted(state.value for state in states)


def on_ballot(call):
    """Q of the call's proposals on its ballot: visible, in a ballot state and, when the call
    votes first, past its supports threshold (a call that evaluates first enforced it before the
    evaluation: evaluacion.services)."""
    q = Q(hidden=False, status__in=ballot_statuses(call))
    if call.vote_before_evaluation:
        q &= supports_threshold_q(call)
    return q


def box_for(*, call, territory):
    """The ballot box of a territory of the call (created on first use)."""
    box, _created = BallotBox.objects.get_or_create(call=call, territory=territory)
    return box


def ensure_boxes(call):
    """One box per territory of the call, in the call's order."""
    return [box_for(call=call, territory=item.territory) for item in call.territories.select_related("territory")]


def box_proposals(box):
    """The projects on the box's ballot, cheapest first within the same reference order."""
    return (
        Proposal.objects.filter(on_ballot(box.call), call_id=box.call_id, territory_id=box.territory_id)
        .select_related("theme")
        .order_by("reference", "pk")
    )


def box_budget(box):
    """The territory's ceiling in this call (None if the call sets none). A box read by
    `selectors.box_for_page` carries it already (`ceiling`): no query then."""
    if hasattr(box, "ceiling"):
        return box.ceiling
    item = CallTerritory.objects.filter(call_id=box.call_id, territory_id=box.territory_id).first()
    return item.budget_ceiling if item else None


def rules_for(box, proposals=None, budget=None):
    """The `BallotRules` of a box: its projects' costs, the ceiling and the call's ballot settings."""
    call = box.call
    proposals = list(box_proposals(box)) if proposals is None else proposals
    budget = box_budget(box) if budget is None else budget
    min_spend = None
    if call.ballot_type == ballot_rules.KNAPSACK and call.ballot_min_spend_percent and budget:
        min_spend = -(-budget * call.ballot_min_spend_percent // 100)
    return ballot_rules.BallotRules(
        ballot_type=call.ballot_type,
        costs={p.pk: p.cost for p in proposals},
        budget=budget,
        min_selections=call.ballot_min_selections or 1,
        max_selections=call.ballot_max_selections,
        points=call.ballot_points,
        max_points_per_project=call.ballot_max_points_per_project,
        min_spend=min_spend,
    )


PROBLEM_MESSAGES = {
    "unknown_project": gettext_lazy("La papeleta incluye proyectos que no están en este tarjetón."),
    "bad_points": gettext_lazy("Los puntos deben ser números enteros positivos."),
    "no_points": gettext_lazy("Reparta al menos un punto."),
    "too_many_points": gettext_lazy("Ha repartido %(total)s puntos y el máximo es %(max)s."),
    "project_points_cap": gettext_lazy("Un proyecto puede recibir como máximo %(max)s puntos."),
    "repeated_mark": gettext_lazy("En esta papeleta cada proyecto se marca una sola vez."),
    "empty": gettext_lazy("Elija al menos un proyecto."),
    "too_few": gettext_lazy("Elija al menos %(min)s proyectos (ha elegido %(count)s)."),
    "too_many": gettext_lazy("Elija como máximo %(max)s proyectos (ha elegido %(count)s)."),
    "only_one": gettext_lazy("Elija un solo proyecto."),
    "over_budget": gettext_lazy("Los proyectos elegidos suman %(spent)s y el techo del territorio es %(budget)s."),
    "under_min_spend": gettext_lazy("Los proyectos elegidos suman %(spent)s: use al menos %(min)s del techo."),
}
MONEY_PARAMS = {"spent", "budget", "min"}


def problem_messages(box, problems):
    """Translated sentences for `ballots.problems()` results (money in the call's currency)."""
    messages = []
    for problem in problems:
        params = dict(problem.params)
        if problem.code in ("over_budget", "under_min_spend"):
            params = {k: format_money(v, box.call.currency) if k in MONEY_PARAMS else v for k, v in params.items()}
        messages.append(str(PROBLEM_MESSAGES[problem.code]) % params if params else str(PROBLEM_MESSAGES[problem.code]))
    return messages


def check_ballot(box, choices, rules=None):
    """Raise ActionRefused if `choices` ({proposal id: points}) is not a valid ballot of `box`."""
    rules = rules or rules_for(box)
    problems = ballot_rules.problems(rules, choices)
    if problems:
        raise ActionRefused(" ".join(problem_messages(box, problems)), "invalid_ballot")
    return ballot_rules.normalise(rules, choices)


# --- Windows and eligibility -------------------------------------------------------------------


def voting_phase(call):
    return next((phase for phase in call.schedule if phase.kind == Phase.VOTING), None)


def voting_open(call, now=None):
    return call.may(Action.VOTE, now or timezone.now())


def voting_closed(call, now=None):
    """The voting phase is over (results may be counted and published)."""
    phase = voting_phase(call)
    return phase is not None and (now or timezone.now()) >= phase.ends_at


def counts_visible(call, now=None):
    """May running counts be shown (to anyone, staff included)?"""
    return not call.hide_counts_until_close or voting_closed(call, now)


def _refuse_closed(call, now):
    if not voting_open(call, now):
        raise ActionRefused(_("La votación de esta convocatoria no está abierta."), "closed")


VERIFIED_REQUIREMENTS = frozenset({CallPage.VoteRequirement.VERIFIED, CallPage.VoteRequirement.VERIFIED_TERRITORY})

#: `eligibility_problem(resident=...)` not given: read it when the call needs it.
UNREAD = object()


def requires_verification(call):
    """Does the call's vote need verified residents (one person, one ballot per box)?"""
    return call.vote_requirement in VERIFIED_REQUIREMENTS


def person_marks(*, box, person):
    """The `VoterMark`s that decide whether `person` may still vote in `box`: theirs in the box
    and, when the call has people vote in one territory only, in the call's other boxes."""
    marks = Q(box_id=box.pk)
    if not box.call.vote_in_several_territories:
        marks |= Q(exclusive_call_id=box.call_id)
    return list(VoterMark.objects.filter(marks, person=person).select_related("ballot"))


def _resident_problem(*, box, user, now, resident):
    call = box.call
    if resident is None:
        return _(
            "Esta votación es solo para residentes verificados con el padrón. Verifique su "
            "residencia desde «Mi cuenta» o en un punto de atención."
        )
    if (call.vote_requirement == CallPage.VoteRequirement.VERIFIED_TERRITORY or call.vote_residents_only) and (
        resident.territory_id != box.territory_id
    ):
        return _("Según el padrón usted reside en otro territorio: en esta votación cada persona vota en el suyo.")
    if call.vote_min_age:
        day = timezone.localdate(now)
        if resident.birth_date is None or electorate.age_on(resident.birth_date, day) < call.vote_min_age:
            return _("En esta votación pueden votar personas de %(age)s años o más.") % {"age": call.vote_min_age}
    for mark in person_marks(box=box, person=resident.person):
        if mark.box_id != box.pk:
            territory = Territory.objects.filter(ballot_boxes=mark.box_id).first()
            return _("Ya votó en %(territory)s: en esta convocatoria se vota en un solo territorio.") % {
                "territory": territory
            }
        own_online = mark.channel == VoterMark.Channel.ONLINE and mark.ballot is not None and mark.ballot.voter_id == user.pk
        if not own_online:
            return _("Ya consta un voto suyo en esta urna: cada persona vota una sola vez, en línea, en un taller o en papel.")
    return None


def eligibility_problem(*, box, user, now=None, ballots=None, resident=UNREAD):
    """Why `user` may not vote in `box` now (a message), or None.

    `ballots`: the person's ballots read just before by `selectors.voter_ballots(box, user)`
    (saves the query); without them the ballots are read here. `resident`: the person's
    `electorate.Resident` (or None) when the caller has read it; calls that do not require
    verification never read it."""
    call = box.call
    now = now or timezone.now()
    if not voting_open(call, now):
        return _("La votación de esta convocatoria no está abierta.")
    if not has_confirmed_email(user):
        return _("Confirme su correo electrónico para votar.")
    if requires_verification(call):
        problem = _resident_problem(
            box=box, user=user, now=now, resident=electorate.resident(user) if resident is UNREAD else resident
        )
        if problem:
            return problem
    elif call.vote_residents_only and user.territory_id != box.territory_id:
        return _("Solo pueden votar en este territorio quienes residen en él (según su perfil).")
    if not call.vote_in_several_territories:
        if ballots is None:
            other = Ballot.objects.filter(exclusive_call_id=call.pk, voter=user).exclude(box=box).first()
        else:
            other = next((b for b in ballots if b.exclusive_call_id == call.pk and b.box_id != box.pk), None)
        if other:
            territory = Territory.objects.filter(ballot_boxes=other.box_id).first()
            return _("Ya votó en %(territory)s: en esta convocatoria se vota en un solo territorio.") % {
                "territory": territory
            }
    return None


# --- Online ballots ------------------------------------------------------------------------------


def new_receipt():
    return format_code(new_code(RECEIPT_LENGTH))


def cast_online_ballot(*, box, user, choices, now=None, rules=None, ballots=None):
    """Cast or replace `user`'s ballot in `box`. Returns (ballot, receipt code).

    Replacing keeps one ballot (the last counts) and issues a new receipt. Concurrent submissions
    by the same person meet the unique constraint: the loser retries as a replacement.

    `rules` (`rules_for(box)`) and `ballots` (`selectors.voter_ballots(box, user)`), when the
    caller has just read them, save their queries; eligibility and the ballot are still checked
    here. With `ballots` showing no ballot in the box, the first attempt inserts at once (the
    unique constraint catches a concurrent one, and the retry reads again under a row lock).
    """
    now = now or timezone.now()
    resident = electorate.resident(user) if requires_verification(box.call) else None
    problem = eligibility_problem(box=box, user=user, now=now, ballots=ballots, resident=resident)
    if problem:
        raise ActionRefused(problem, "not_eligible")
    chosen = check_ballot(box, choices, rules)
    exclusive = None if box.call.vote_in_several_territories else box.call
    known_new = ballots is not None and not any(b.box_id == box.pk for b in ballots)
    for attempt in range(3):
        try:
            with transaction.atomic():
                if attempt == 0 and known_new:
                    ballot = None
                else:
                    ballot = Ballot.objects.select_for_update().filter(box=box, voter=user).first()
                receipt = new_receipt()
                if ballot is None:
                    ballot = Ballot.objects.create(
                        box=box,
                        voter=user,
                        exclusive_call=exclusive,
                        channel=Ballot.Channel.ONLINE,
                        receipt=receipt,
                        fingerprint=receipt_fingerprint(receipt),
                    )
                    if resident is not None:
                        # One person, one ballot per box: a desk mark of the same person (or a
                        # concurrent online ballot of theirs) makes this insert fail.
                        VoterMark.objects.create(
                            box=box, person=resident.person, channel=VoterMark.Channel.ONLINE, exclusive_call=exclusive, ballot=ballot
                        )
                else:
                    ballot.choices.all().delete()
                    ballot.receipt = receipt
                    ballot.fingerprint = receipt_fingerprint(receipt)
                    ballot.changes += 1
                    ballot.save(update_fields=["receipt", "fingerprint", "changes", "updated_at"])
                _save_choices(ballot, chosen)
                return ballot, receipt
        except IntegrityError:
            # Another request of the same person created the ballot first, or (when voting in
            # one territory only) a ballot in another territory won the race.
            if attempt == 2:
                raise
            problem = eligibility_problem(box=box, user=user, now=now, resident=resident)
            if problem:
                raise ActionRefused(problem, "not_eligible") from None
    raise AssertionError("unreachable")


def _save_choices(ballot, chosen):
    BallotChoice.objects.bulk_create(
        [BallotChoice(ballot=ballot, proposal_id=pid, points=points) for pid, points in sorted(chosen.items())]
    )


def user_ballot(*, box, user):
    if not user or not user.is_authenticated:
        return None
    return Ballot.objects.filter(box=box, voter=user).prefetch_related("choices").first()


def ballots_of(user):
    """A person's own ballots with their choices (for "My participation": their own eyes only)."""
    return (
        Ballot.objects.filter(voter=user)
        .select_related("box__call", "box__territory")
        .prefetch_related("choices__proposal")
        .order_by("-updated_at")
    )


# --- Receipts ---------------------------------------------------------------------------------


def find_receipt(text):
    """The box that counted the ballot with this receipt code, or None. Reveals nothing else."""
    code = normalise_code(text)
    if len(code) != RECEIPT_LENGTH:
        return None
    ballot = Ballot.objects.filter(fingerprint=receipt_fingerprint(code)).select_related("box__territory", "box__call").first()
    return ballot.box if ballot else None


def published_fingerprints(box, now=None):
    """The receipt fingerprints a box counted, sorted (so their order reveals nothing); after the close only."""
    if not voting_closed(box.call, now):
        return None
    return list(Ballot.objects.filter(box=box).order_by("fingerprint").values_list("fingerprint", flat=True))


# --- Workshops ---------------------------------------------------------------------------------


def create_session(*, box, user, name, place="", held_on=None):
    return WorkshopSession.objects.create(box=box, name=name, place=place, held_on=held_on, created_by=user)


def generate_codes(*, session, count, user=None, now=None):
    """Create `count` one-time codes for a session. Returns the codes in clear: shown only now."""
    if not isinstance(count, int) or not 1 <= count <= MAX_CODES_PER_BATCH:
        raise ActionRefused(
            _("Indique un número de códigos entre 1 y %(max)s.") % {"max": MAX_CODES_PER_BATCH}, "bad_count"
        )
    if voting_closed(session.box.call, now):
        raise ActionRefused(_("La votación ya cerró: no se pueden generar más códigos."), "closed")
    codes = []
    with transaction.atomic():
        while len(codes) < count:
            code = new_code(CODE_LENGTH)
            try:
                with transaction.atomic():
                    VotingCode.objects.create(session=session, digest=code_digest(code))
            except IntegrityError:
                continue  # astronomically rare collision: draw again
            codes.append(format_code(code, group=5))
    return codes


def void_codes(*, session, user, now=None, codes=None):
    """Void the unspent codes of a session (all, or the given VotingCode ids). Returns how many."""
    now = now or timezone.now()
    queryset = VotingCode.objects.filter(session=session, spent_at__isnull=True, voided_at__isnull=True)
    if codes is not None:
        queryset = queryset.filter(pk__in=codes)
    with transaction.atomic():
        ids = list(queryset.select_for_update().values_list("pk", flat=True))
        # A code bound to a person at the desk and never used frees the person: they may vote again.
        VoterMark.objects.filter(code_id__in=ids).delete()
        return VotingCode.objects.filter(pk__in=ids).update(voided_at=now, voided_by=user)


def void_code_text(*, session, text, user, now=None):
    """Void one code typed by staff (e.g. a lost slip). Refused if it is not an unspent code of the session."""
    code = VotingCode.objects.filter(session=session, digest=code_digest(text)).first()
    if code is None:
        raise ActionRefused(_("Ese código no pertenece a esta sesión."), "unknown_code")
    if code.spent_at:
        raise ActionRefused(_("Ese código ya se usó: su papeleta cuenta."), "spent")
    if code.voided_at:
        raise ActionRefused(_("Ese código ya estaba anulado."), "voided")
    void_codes(session=session, user=user, now=now, codes=[code.pk])
    return code


def code_expires_at(call):
    phase = voting_phase(call)
    return phase.ends_at if phase else None


def redeem_code(text, *, now=None):
    """The usable VotingCode for what a person typed, or ActionRefused saying why not."""
    now = now or timezone.now()
    code = normalise_code(text)
    if len(code) != CODE_LENGTH:
        raise ActionRefused(_("Ese código no es válido. Revise que lo escribió completo."), "unknown_code")
    voting_code = (
        VotingCode.objects.filter(digest=code_digest(code)).select_related("session__box__call", "session__box__territory").first()
    )
    if voting_code is None:
        raise ActionRefused(_("Ese código no es válido. Revise que lo escribió completo."), "unknown_code")
    if voting_code.voided_at:
        raise ActionRefused(_("Ese código fue anulado. Pida otro a la persona que facilita el taller."), "voided")
    if voting_code.spent_at:
        raise ActionRefused(_("Ese código ya se usó para votar."), "spent")
    call = voting_code.session.box.call
    expires = code_expires_at(call)
    if expires is None or now >= expires:
        raise ActionRefused(_("Ese código venció: la votación ya cerró."), "expired")
    _refuse_closed(call, now)
    return voting_code


def cast_code_ballot(*, text, choices, now=None):
    """Cast the one ballot of a workshop code. Returns (ballot, receipt). The code is then spent."""
    now = now or timezone.now()
    voting_code = redeem_code(text, now=now)
    session = voting_code.session
    box = session.box
    chosen = check_ballot(box, choices)
    try:
        with transaction.atomic():
            locked = VotingCode.objects.select_for_update().get(pk=voting_code.pk)
            if locked.spent_at or locked.voided_at:
                raise ActionRefused(_("Ese código ya se usó para votar."), "spent")
            receipt = new_receipt()
            ballot = Ballot.objects.create(
                box=box,
                channel=Ballot.Channel.CODE,
                code=locked,
                session=session,
                receipt="",
                fingerprint=receipt_fingerprint(receipt),
            )
            _save_choices(ballot, chosen)
            locked.spent_at = now
            locked.save(update_fields=["spent_at"])
    except IntegrityError:
        # The same code cast from another device at the same instant: the other ballot counts.
        raise ActionRefused(_("Ese código ya se usó para votar."), "spent") from None
    return ballot, receipt


# --- People recorded at a desk (calls that require verification) -------------------------------


def person_channel(*, box, person):
    """How `person` already voted in `box` ("online", "code", "paper"), or in another territory
    of a call voted in one territory only ("elsewhere"), or None. The desk shows the channel,
    never the ballot."""
    marks = person_marks(box=box, person=person)
    own = next((mark for mark in marks if mark.box_id == box.pk), None)
    if own is not None:
        return own.channel
    return "elsewhere" if marks else None


def _refuse_marked(box, person):
    channel = person_channel(box=box, person=person)
    if channel == "elsewhere":
        raise ActionRefused(_("Esta persona ya votó en otro territorio de esta convocatoria."), "already_voted")
    if channel:
        raise ActionRefused(
            _("Esta persona ya votó en esta urna (%(channel)s).") % {"channel": VoterMark.Channel(channel).label},
            "already_voted",
        )


def _mark(*, session, person, channel, code=None):
    box = session.box
    exclusive = None if box.call.vote_in_several_territories else box.call
    try:
        with transaction.atomic():
            return VoterMark.objects.create(
                box=box, person=person, channel=channel, exclusive_call=exclusive, code=code, session=session
            )
    except IntegrityError:
        # The same person voted through another channel at the same instant: that vote counts.
        _refuse_marked(box, person)
        raise ActionRefused(_("Esta persona ya votó en esta urna."), "already_voted") from None


def issue_person_code(*, session, person, now=None):
    """A one-time code of the session bound to `person` (recorded at a desk). Returns the code in
    clear (shown only now). Refused if the person already voted in the box by any channel."""
    now = now or timezone.now()
    box = session.box
    _refuse_closed(box.call, now)
    _refuse_marked(box, person)
    with transaction.atomic():
        code = new_code(CODE_LENGTH)
        voting_code = VotingCode.objects.create(session=session, digest=code_digest(code))
        _mark(session=session, person=person, channel=VoterMark.Channel.CODE, code=voting_code)
    return format_code(code, group=5)


def mark_paper_voter(*, session, person, now=None):
    """Record that `person` votes on paper at this session's desk (their ballot goes into the
    box anonymously, and is entered with the session's paper ballots)."""
    now = now or timezone.now()
    _refuse_closed(session.box.call, now)
    _refuse_marked(session.box, person)
    return _mark(session=session, person=person, channel=VoterMark.Channel.PAPER)


# --- Paper ballots -----------------------------------------------------------------------------


def record_paper_ballots(*, session, ballots, user=None, now=None):
    """Record paper ballots counted at a workshop: all of them or none.

    `ballots` is a list of {proposal id: points}; the first invalid one refuses the whole batch
    with its position. Paper ballots may be entered during the vote and after its close (before
    the results are published), never before the vote opens.
    """
    now = now or timezone.now()
    box = session.box
    phase = voting_phase(box.call)
    if phase is None or now < phase.starts_at:
        raise ActionRefused(_("La votación aún no ha empezado: no se pueden registrar papeletas."), "closed")
    if not ballots:
        raise ActionRefused(_("No hay papeletas que registrar."), "empty")
    rules = rules_for(box)
    checked = []
    for number, choices in enumerate(ballots, 1):
        problems = ballot_rules.problems(rules, choices)
        if problems:
            raise ActionRefused(
                _("Papeleta %(number)s: %(problems)s") % {"number": number, "problems": " ".join(problem_messages(box, problems))},
                "invalid_ballot",
            )
        checked.append(ballot_rules.normalise(rules, choices))
    with transaction.atomic():
        created = []
        for chosen in checked:
            receipt = new_receipt()
            ballot = Ballot.objects.create(
                box=box, channel=Ballot.Channel.PAPER, session=session, receipt="", fingerprint=receipt_fingerprint(receipt)
            )
            created.append(ballot)
        BallotChoice.objects.bulk_create(
            [
                BallotChoice(ballot=ballot, proposal_id=pid, points=points)
                for ballot, chosen in zip(created, checked)
                for pid, points in sorted(chosen.items())
            ]
        )
    return created


def session_summary(session):
    """Counts of a workshop session's codes and ballots (no choices)."""
    codes = session.codes.all()
    return {
        "codes": codes.count(),
        "spent": codes.filter(spent_at__isnull=False).count(),
        "voided": codes.filter(voided_at__isnull=False).count(),
        "paper": session.ballots.filter(channel=Ballot.Channel.PAPER).count(),
    }


def describe_count(count):
    return ngettext("%(count)s papeleta", "%(count)s papeletas", count) % {"count": count}


def window_label(call):
    """Opening and close of the vote, for pages."""
    phase = voting_phase(call)
    return (phase.starts_at, phase.ends_at) if phase else (None, None)

