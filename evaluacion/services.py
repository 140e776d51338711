"""Technical evaluation (SESP): criteria, assignment, scoring, decision and moving proposals on.

Write operations are keyword-only and run in one transaction; refusals raise `ActionRefused` or
`ValidationError` with Spanish messages and change nothing. The arithmetic is in `scoring.py`.

Two orders, chosen by the call (`vote_before_evaluation`):
- evaluate, then vote: the admitted proposals are evaluated; viable ones are shortlisted onto
  their territory's ballot, the others declared not viable;
- vote, then evaluate: the vote's winners (shortlisted) are evaluated; viable ones are selected
  (prioritized projects of the bank), the others declared not viable.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.errors import ActionRefused
from portal.roles import EVALUATORS
from propuestas.lifecycle import Role, State
from propuestas.models import Proposal
from propuestas.rules import reached_supports_threshold, supports_threshold_q
from propuestas.services import transition_proposal

from . import scoring
from .models import (
    CriterionScore,
    EvaluationAssignment,
    EvaluationChange,
    EvaluationCriterion,
    EvaluationDecision,
    EvaluationNote,
)

COORDINATE_PERMISSION = "evaluacion.coordinate_evaluation"

DEFAULT_CRITERIA = [
    (
        gettext_lazy("Viabilidad económica"),
        gettext_lazy("El costo es realista y sostenible, incluido el mantenimiento."),
        2,
    ),
    (
        gettext_lazy("Viabilidad social"),
        gettext_lazy("Atiende una necesidad real de la comunidad y la beneficia ampliamente."),
        2,
    ),
    (
        gettext_lazy("Viabilidad ambiental"),
        gettext_lazy("Su impacto ambiental es aceptable o positivo."),
        1,
    ),
    (
        gettext_lazy("Viabilidad técnica"),
        gettext_lazy("Puede ejecutarse con los medios, el suelo y los permisos disponibles."),
        2,
    ),
    (
        gettext_lazy("Alineación con el Plan Municipal de Desarrollo"),
        gettext_lazy("Contribuye a los objetivos del plan de desarrollo vigente."),
        1,
    ),
]
DEFAULT_LEVELS = gettext_lazy(
    "0: no cumple\n1: cumple muy poco\n2: cumple parcialmente\n3: cumple\n4: cumple bien\n5: cumple plenamente"
)


def is_coordinator(user):
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(COORDINATE_PERMISSION))


def is_evaluator(user):
    """Evaluators and coordinators reach the evaluation admin (each sees what is theirs)."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and (is_coordinator(user) or user.groups.filter(name=EVALUATORS).exists())
    )


def ensure_default_criteria(call):
    """Give a call the default criteria if it has none. Returns its criteria."""
    if not call.criteria.exists():
        EvaluationCriterion.objects.bulk_create(
            [
                EvaluationCriterion(
                    call=call,
                    name=str(name),
                    description=str(description),
                    weight=weight,
                    levels=str(DEFAULT_LEVELS),
                    sort_order=index,
                    eliminatory=index == 3,  # technical viability: without it nothing can be built
                    minimum=2 if index == 3 else None,
                )
                for index, (name, description, weight) in enumerate(DEFAULT_CRITERIA)
            ]
        )
    return list(call.criteria.all())


def as_criteria(criteria):
    return [
        scoring.Criterion(
            key=c.pk, weight=c.weight, low=c.scale_min, high=c.scale_max, eliminatory=c.eliminatory, minimum=c.minimum
        )
        for c in criteria
    ]


def evaluation_stage_states(call):
    """Which proposals the call evaluates: admitted ones (evaluate first) or the vote's winners."""
    return [State.SHORTLISTED.value] if call.vote_before_evaluation else [State.ADMITTED.value]


def candidates(call):
    """The proposals of the call that enter evaluation (visible, in the right state).

    Evaluate first with a supports threshold: only the proposals that reached it.
    """
    queryset = Proposal.objects.filter(call=call, hidden=False, status__in=evaluation_stage_states(call))
    return queryset.filter(threshold_q(call))


def threshold_q(call):
    """Evaluate first: only the proposals that reached the supports threshold enter evaluation.
    Vote first: the threshold was the ballot's (votaciones.services.on_ballot)."""
    return Q() if call.vote_before_evaluation else supports_threshold_q(call)


def check_threshold(proposal):
    """Refuse a proposal below the supports threshold of a call that evaluates first."""
    call = proposal.call
    if not call.vote_before_evaluation and not reached_supports_threshold(proposal, call):
        raise ActionRefused(
            _(
                "La propuesta %(ref)s no alcanzó los %(needed)s apoyos que la convocatoria pide "
                "para pasar a la evaluación técnica (tiene %(count)s)."
            )
            % {"ref": proposal.reference or proposal.title, "needed": call.supports_threshold, "count": proposal.supports_count},
            "supports_threshold",
        )


# --- Assignment --------------------------------------------------------------------------------


def assign(*, proposals, evaluators, due_date, user):
    """Assign each evaluator to each proposal (existing assignments get the new due date).

    Returns the number of new assignments. Refused for proposals outside the evaluation stage
    and for people who are not evaluators.
    """
    if not is_coordinator(user):
        raise ActionRefused(_("Solo la coordinación de la evaluación asigna evaluaciones."), "forbidden")
    if due_date is None:
        raise ValidationError({"due_date": _("Indique la fecha límite.")})
    evaluators = list(evaluators)
    if not evaluators:
        raise ValidationError({"evaluators": _("Elija al menos una persona evaluadora.")})
    not_evaluators = [e for e in evaluators if not e.is_active or not e.groups.filter(name=EVALUATORS).exists()]
    if not_evaluators:
        raise ValidationError({"evaluators": _("Solo se asignan evaluaciones a integrantes del grupo Evaluadores.")})
    proposals = list(proposals)
    created = 0
    with transaction.atomic():
        for proposal in proposals:
            if proposal.status not in evaluation_stage_states(proposal.call) or proposal.hidden:
                raise ActionRefused(
                    _("La propuesta %(ref)s no está en la etapa de evaluación.") % {"ref": proposal.reference}, "stage"
                )
            check_threshold(proposal)
            for evaluator in evaluators:
                assignment, was_created = EvaluationAssignment.objects.get_or_create(
                    proposal=proposal, evaluator=evaluator, defaults={"due_date": due_date, "assigned_by": user}
                )
                if was_created:
                    created += 1
                elif assignment.due_date != due_date:
                    assignment.due_date = due_date
                    assignment.save(update_fields=["due_date"])
    return created


def unassign(*, assignment, user):
    if not is_coordinator(user):
        raise ActionRefused(_("Solo la coordinación de la evaluación asigna evaluaciones."), "forbidden")
    if assignment.status == EvaluationAssignment.Status.SUBMITTED:
        raise ActionRefused(_("Esa evaluación ya se envió: no se puede retirar la asignación."), "submitted")
    assignment.delete()


def pending_for(user, today=None):
    """The evaluator's open assignments, soonest due first (the dashboard panel)."""
    return (
        EvaluationAssignment.objects.filter(evaluator=user, status=EvaluationAssignment.Status.ASSIGNED)
        .filter(proposal__decision__isnull=True)
        .select_related("proposal__call", "proposal__territory")
        .order_by("due_date", "pk")
    )


# --- Scoring -----------------------------------------------------------------------------------


def decided(proposal):
    return EvaluationDecision.objects.filter(proposal=proposal).exists()


def may_edit(assignment, user):
    return bool(user and assignment.evaluator_id == user.pk)


def save_evaluation(*, assignment, user, scores, validated_cost, cost_explanation="", execution_months=None, submit=False):
    """Save an evaluator's scores ({criterion id: (score, justification)}); submit if asked.

    Every criterion needs a score in its range and a justification; a validated cost different
    from the estimate needs an explanation. After submission, changes are kept in history.
    Refused once the coordinator has decided (the evaluation is closed).
    """
    if not may_edit(assignment, user):
        raise ActionRefused(_("Esta evaluación no está asignada a usted."), "forbidden")
    with transaction.atomic():
        assignment = EvaluationAssignment.objects.select_for_update(of=("self", "proposal")).select_related("proposal__call").get(pk=assignment.pk)
        proposal = assignment.proposal
        if decided(proposal):
            raise ActionRefused(_("La coordinación ya decidió sobre esta propuesta: la evaluación está cerrada."), "closed")
        criteria = list(proposal.call.criteria.all())
        errors = _scoring_errors(criteria, scores, validated_cost, cost_explanation, proposal)
        if errors:
            raise ValidationError(errors)
        before = _snapshot(assignment)
        existing = {s.criterion_id: s for s in assignment.scores.all()}
        for criterion in criteria:
            score, justification = scores[criterion.pk]
            current = existing.get(criterion.pk)
            if current is None:
                CriterionScore.objects.create(
                    assignment=assignment, criterion=criterion, score=score, justification=justification.strip()
                )
            elif (current.score, current.justification) != (score, justification.strip()):
                current.score, current.justification = score, justification.strip()
                current.save(update_fields=["score", "justification"])
        assignment.validated_cost = validated_cost
        assignment.cost_explanation = cost_explanation.strip()
        assignment.execution_months = execution_months
        was_submitted = assignment.status == EvaluationAssignment.Status.SUBMITTED
        if submit and not was_submitted:
            assignment.status = EvaluationAssignment.Status.SUBMITTED
            assignment.submitted_at = timezone.now()
        assignment.save()
        if was_submitted:
            after = _snapshot(assignment)
            changes = {key: [before.get(key), value] for key, value in after.items() if before.get(key) != value}
            if changes:
                EvaluationChange.objects.create(assignment=assignment, actor=user, changes=changes)
    return assignment


def _scoring_errors(criteria, scores, validated_cost, cost_explanation, proposal):
    errors = {}
    for criterion in criteria:
        entry = scores.get(criterion.pk)
        score, justification = entry if entry else (None, "")
        field = f"score_{criterion.pk}"
        if not isinstance(score, int) or isinstance(score, bool) or not criterion.scale_min <= score <= criterion.scale_max:
            errors[field] = _("Puntúe «%(name)s» entre %(low)s y %(high)s.") % {
                "name": criterion.name,
                "low": criterion.scale_min,
                "high": criterion.scale_max,
            }
        if not (justification or "").strip():
            errors[f"justification_{criterion.pk}"] = _("Justifique la puntuación de «%(name)s».") % {"name": criterion.name}
    if not isinstance(validated_cost, int) or isinstance(validated_cost, bool) or validated_cost < 0:
        errors["validated_cost"] = _("El costo validado debe ser un número entero positivo.")
    elif validated_cost != proposal.estimated_cost and not (cost_explanation or "").strip():
        errors["cost_explanation"] = _("Explique por qué el costo validado difiere del estimado.")
    return errors


def _snapshot(assignment):
    data = {f"criterio {s.criterion_id}": [s.score, s.justification] for s in assignment.scores.all()}
    data.update(
        {
            "costo validado": assignment.validated_cost,
            "explicación del costo": assignment.cost_explanation,
            "plazo (meses)": assignment.execution_months,
        }
    )
    return data


def visible_assignments(*, proposal, user):
    """The evaluations of a proposal `user` may read, with scores (blind review).

    Coordinators read all; an evaluator reads their own and, only once they have submitted
    theirs, the other submitted ones. Anyone else reads none.
    """
    queryset = proposal.assignments.select_related("evaluator").prefetch_related("scores__criterion")
    if is_coordinator(user):
        return list(queryset)
    own = next((a for a in queryset if a.evaluator_id == getattr(user, "pk", None)), None)
    if own is None:
        return []
    if own.status != EvaluationAssignment.Status.SUBMITTED:
        return [own]
    return [a for a in queryset if a.pk == own.pk or a.status == EvaluationAssignment.Status.SUBMITTED]


def add_note(*, proposal, user, text):
    if not (is_coordinator(user) or proposal.assignments.filter(evaluator=user).exists()):
        raise ActionRefused(_("Solo el personal que evalúa esta propuesta puede dejar notas."), "forbidden")
    if not (text or "").strip():
        raise ValidationError({"text": _("Escriba la nota.")})
    return EvaluationNote.objects.create(proposal=proposal, author=user, text=text.strip())


# --- Decision ----------------------------------------------------------------------------------


def summary(proposal, criteria=None, assignments=None):
    """The scoring summary of a proposal's submitted evaluations."""
    criteria = list(proposal.call.criteria.all()) if criteria is None else criteria
    assignments = list(proposal.assignments.prefetch_related("scores")) if assignments is None else assignments
    submitted = [a for a in assignments if a.status == EvaluationAssignment.Status.SUBMITTED]
    return scoring.summarise(
        as_criteria(criteria), [{s.criterion_id: s.score for s in a.scores.all()} for a in submitted]
    )


def decide(*, proposal, user, viable, validated_cost=None, explanation=""):
    """Record the coordinator's decision (replacing an earlier one until the proposal moves on)."""
    if not is_coordinator(user):
        raise ActionRefused(_("Solo la coordinación de la evaluación decide."), "forbidden")
    explanation = (explanation or "").strip()
    if proposal.status not in evaluation_stage_states(proposal.call):
        raise ActionRefused(_("La propuesta ya no está en la etapa de evaluación."), "stage")
    check_threshold(proposal)
    result = summary(proposal)
    if result.mean is None:
        raise ActionRefused(_("Ninguna evaluación enviada todavía: no se puede decidir."), "no_evaluations")
    errors = {}
    if viable:
        if not isinstance(validated_cost, int) or isinstance(validated_cost, bool) or validated_cost <= 0:
            errors["validated_cost"] = _("Indique el costo validado (un número entero positivo).")
        if result.fails:
            errors["viable"] = _("Un criterio eliminatorio quedó por debajo de su mínimo: la propuesta no puede ser viable.")
    elif not explanation:
        errors["explanation"] = _("Explique públicamente por qué la propuesta no es viable.")
    if errors:
        raise ValidationError(errors)
    decision, _created = EvaluationDecision.objects.update_or_create(
        proposal=proposal,
        defaults={
            "viable": bool(viable),
            "validated_cost": validated_cost if viable else None,
            "explanation": explanation,
            "score": round(float(result.mean), 1),
            "decided_by": user,
            "decided_at": timezone.now(),
        },
    )
    return decision


def move_on(*, call, user, proposals=None):
    """Move the decided proposals of the call through the lifecycle (in bulk); email the authors.

    Viable: shortlisted onto the ballot (evaluate first) or selected into the bank (vote first),
    with the validated cost as the proposal's cost; not viable: declared so with the explanation.
    Returns (moved, refused) lists of proposals.
    """
    if not is_coordinator(user):
        raise ActionRefused(_("Solo la coordinación de la evaluación decide."), "forbidden")
    queryset = Proposal.objects.filter(
        threshold_q(call), call=call, status__in=evaluation_stage_states(call), decision__isnull=False
    )
    if proposals is not None:
        queryset = queryset.filter(pk__in=[p.pk for p in proposals])
    moved = []
    now = timezone.now()
    for proposal in queryset.select_related("decision"):
        decision = proposal.decision
        with transaction.atomic():
            if decision.viable:
                # save(): the bank's search hears of the new cost through post_save.
                proposal.validated_cost = decision.validated_cost
                proposal.save(update_fields=["validated_cost"])
                name = "approve" if call.vote_before_evaluation else "shortlist"
                transition_proposal(proposal=proposal, name=name, user=user, roles={Role.EVALUATOR})
            else:
                transition_proposal(
                    proposal=proposal,
                    name="declare_not_viable",
                    user=user,
                    reason=decision.explanation,
                    roles={Role.EVALUATOR},
                )
            EvaluationDecision.objects.filter(pk=decision.pk).update(published_at=now)
        moved.append(proposal)
    return moved


def progress(call, today=None):
    """Evaluation progress of a call: assigned, submitted, overdue, decided (constant queries)."""
    today = today or timezone.localdate()
    counts = EvaluationAssignment.objects.filter(proposal__call=call).aggregate(
        assigned=Count("pk"),
        submitted=Count("pk", filter=Q(status=EvaluationAssignment.Status.SUBMITTED)),
        overdue=Count("pk", filter=Q(status=EvaluationAssignment.Status.ASSIGNED, due_date__lt=today)),
    )
    counts["decided"] = EvaluationDecision.objects.filter(proposal__call=call).count()
    counts["candidates"] = candidates(call).count()
    return counts
