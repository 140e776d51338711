"""Reads of the technical evaluation for the admin lists, reports and evaluation sheets.

Every list is one query (plus pagination's count) whatever the number of proposals and
evaluations: the mean weighted score is computed by the database with the same formula as
`scoring.weighted_score` (0–100), averaged over the submitted evaluations.
"""

from dataclasses import dataclass, field

from django.db.models import Count, F, FloatField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from convocatorias.models import CallPage

from . import evaluation, scoring
from .models import (
    CriterionScore,
    EvaluationAssignment,
    EvaluationChange,
    EvaluationCriterion,
    EvaluationDecision,
    EvaluationNote,
    Proposal,
)

SUBMITTED = EvaluationAssignment.Status.SUBMITTED


def _subquery_int(queryset, name):
    return Coalesce(Subquery(queryset.values(name)[:1]), Value(0))


def scored_proposals(call=None):
    """Proposals with a decision or at least one submitted evaluation, with `evaluators`,
    `submitted`, `mean_score` (0–100, None without submitted evaluations), ordered by the mean.
    `decision` is selected (None when undecided)."""
    weighted = (
        CriterionScore.objects.filter(assignment__proposal=OuterRef("pk"), assignment__status=SUBMITTED)
        .order_by()
        .values("assignment__proposal")
        .annotate(
            total=Sum(
                Cast(F("criterion__weight") * (F("score") - F("criterion__scale_min")), FloatField())
                * 100.0
                / Cast(F("criterion__scale_max") - F("criterion__scale_min"), FloatField())
            )
        )
    )
    submitted = (
        EvaluationAssignment.objects.filter(proposal=OuterRef("pk"), status=SUBMITTED)
        .order_by()
        .values("proposal")
        .annotate(n=Count("pk"))
    )
    evaluators = (
        EvaluationAssignment.objects.filter(proposal=OuterRef("pk")).order_by().values("proposal").annotate(n=Count("pk"))
    )
    weight = EvaluationCriterion.objects.filter(call=OuterRef("call")).order_by().values("call").annotate(w=Sum("weight"))
    queryset = Proposal.objects.all() if call is None else Proposal.objects.filter(call=call)
    queryset = (
        queryset.annotate(
            submitted=_subquery_int(submitted, "n"),
            evaluators=_subquery_int(evaluators, "n"),
            score_total=Subquery(weighted.values("total")[:1], output_field=FloatField()),
            total_weight=Subquery(weight.values("w")[:1]),
        )
        .filter(Q(decision__isnull=False) | Q(submitted__gt=0))
        .annotate(
            mean_score=F("score_total") / (Cast(F("submitted"), FloatField()) * Cast(F("total_weight"), FloatField()))
        )
        .select_related("call", "theme", "territory", "decision")
        .order_by(F("mean_score").desc(nulls_last=True), "pk")
    )
    return queryset


def progress_by_call(today=None, *, only_active=True):
    """Calls with their evaluation counts: assigned, submitted, overdue, decided, published
    (one query; the same figures as `evaluation.progress`). `only_active`: only the calls with
    criteria or assignments."""
    today = today or timezone.localdate()

    def count(model, path, **conditions):
        return _subquery_int(
            model.objects.filter(**{path: OuterRef("pk")}, **conditions)
            .order_by()
            .values(path)
            .annotate(n=Count("pk")),
            "n",
        )

    queryset = (
        CallPage.objects.annotate(
            assigned=count(EvaluationAssignment, "proposal__call"),
            submitted=count(EvaluationAssignment, "proposal__call", status=SUBMITTED),
            overdue=count(
                EvaluationAssignment,
                "proposal__call",
                status=EvaluationAssignment.Status.ASSIGNED,
                due_date__lt=today,
            ),
            decided=count(EvaluationDecision, "proposal__call"),
            published=count(EvaluationDecision, "proposal__call", published_at__isnull=False),
            criteria_count=count(EvaluationCriterion, "call"),
        )
        .order_by("title", "pk")
    )
    return queryset.filter(Q(assigned__gt=0) | Q(criteria_count__gt=0)) if only_active else queryset


def assignments_of(user):
    """Everything assigned to `user`, soonest due first, with proposal, call and decision."""
    return (
        EvaluationAssignment.objects.filter(evaluator=user)
        .select_related("proposal__call", "proposal__territory", "proposal__theme", "proposal__decision")
        .order_by("status", "due_date", "pk")
    )


# --- The evaluation sheet (cédula) -------------------------------------------------------------


@dataclass
class EvaluationRow:
    label: str  # the evaluator's name (staff sheet) or "Evaluación n" (public sheet)
    assignment: EvaluationAssignment
    scores: dict  # criterion id -> CriterionScore
    weighted: float | None
    fails: bool


@dataclass
class Sheet:
    proposal: Proposal
    criteria: list
    rows: list
    summary: scoring.Summary
    decision: EvaluationDecision | None
    notes: list = field(default_factory=list)
    public: bool = False

    @property
    def mean(self):
        return scoring.as_float(self.summary.mean)

    @property
    def criteria_rows(self):
        """[(criterion, [(row label, CriterionScore or None)])] for per-criterion tables."""
        return [(criterion, [(row.label, row.scores.get(criterion.pk)) for row in self.rows]) for criterion in self.criteria]


def proposal_for_sheet(pk):
    return (
        Proposal.objects.select_related("call", "theme", "territory", "decision", "author", "group")
        .prefetch_related("images", "documents")
        .filter(pk=pk)
        .first()
    )


def evaluation_rows(criteria, assignments, *, public=False):
    """Weighted score and eliminatory failures of each assignment (submitted ones scored)."""
    items = evaluation.as_criteria(criteria)
    rows = []
    for number, assignment in enumerate(assignments, start=1):
        scores = {s.criterion_id: s for s in assignment.scores.all()}
        values = {key: s.score for key, s in scores.items()}
        weighted, fails = None, False
        if assignment.status == SUBMITTED:
            try:
                weighted = scoring.as_float(scoring.weighted_score(items, values))
            except ValueError:  # criteria changed after the evaluation (refused by the admin)
                weighted = None
            fails = bool(scoring.eliminatory_failures(items, values))
        label = f"Evaluación {number}" if public else assignment.evaluator.public_name
        rows.append(EvaluationRow(label, assignment, scores, weighted, fails))
    return rows


def sheet(proposal, *, public=False):
    """What the evaluation sheet shows. The public one: only submitted evaluations, numbered,
    without evaluator names nor internal notes."""
    criteria = list(proposal.call.criteria.all())
    assignments = list(
        proposal.assignments.select_related("evaluator").prefetch_related("scores").order_by("pk")
    )
    if public:
        assignments = [a for a in assignments if a.status == SUBMITTED]
    summary = evaluation.summary(proposal, criteria, assignments)
    decision = getattr(proposal, "decision", None) if _has_decision(proposal) else None
    notes = []
    if not public:
        notes = list(EvaluationNote.objects.filter(proposal=proposal).select_related("author"))
    return Sheet(proposal, criteria, evaluation_rows(criteria, assignments, public=public), summary, decision, notes, public)


def _has_decision(proposal):
    try:
        return proposal.decision is not None
    except EvaluationDecision.DoesNotExist:
        return False


def decision_of(proposal):
    return proposal.decision if _has_decision(proposal) else None


def published_decision(proposal):
    decision = decision_of(proposal)
    return decision if decision is not None and decision.published_at is not None else None


def history_of(assignments):
    """The changes of the given assignments, oldest first, with the criteria named."""
    names = {}
    changes = list(
        EvaluationChange.objects.filter(assignment__in=assignments).select_related("actor", "assignment__evaluator")
    )
    ids = {int(key.split()[1]) for change in changes for key in change.changes if key.startswith("criterio ")}
    if ids:
        names = dict(EvaluationCriterion.objects.filter(pk__in=ids).values_list("pk", "name"))
    for change in changes:
        change.items = []
        for key, values in change.changes.items():
            before, after = values if isinstance(values, list) and len(values) == 2 else (None, values)
            name = names.get(int(key.split()[1]), key) if key.startswith("criterio ") else key
            change.items.append((name, _readable(before), _readable(after)))
    return changes


def _readable(value):
    """A history value for people: a criterion's [score, justification] reads «4 (why)»."""
    if isinstance(value, list) and len(value) == 2:
        return f"{value[0]} ({value[1]})"
    return value


def notes_of(proposal):
    return list(EvaluationNote.objects.filter(proposal=proposal).select_related("author"))


__all__ = [
    "assignments_of",
    "decision_of",
    "evaluation_rows",
    "history_of",
    "notes_of",
    "progress_by_call",
    "proposal_for_sheet",
    "published_decision",
    "scored_proposals",
    "sheet",
]
