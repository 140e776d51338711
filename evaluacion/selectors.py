"""Reads of the technical evaluation for the admin lists, reports and evaluation sheets.

Every list is one query (plus pagination's count) whatever the number of proposals and
evaluations: the mean weighted score is computed by the database with the same formula as
`scoring.weighted_score` (0–100), averaged over the submitted evaluations.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, F, FloatField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from convocatorias.models import CallPage
from indicadores import selectors as indicator_selectors
from planes import selectors as plan_selectors
from propuestas.models import Proposal

from . import scoring
from . import services as evaluation
from .models import (
    CriterionScore,
    EvaluationAssignment,
    EvaluationChange,
    EvaluationCriterion,
    EvaluationDecision,
    EvaluationNote,
)

SUBMITTED = EvaluationAssignment.Status.SUBMITTED


def _subquery_int(queryset, name):
    return Coalesce(Subquery(queryset.values(name)[:1]), Value(0))


class Ranking(Sequence):
    """The proposals of a queryset that have submitted evaluations, ordered by mean score.

    Three queries whatever the size: one grouped aggregate over the submitted scores (narrow
    rows: proposal, call, sum, count), the calls' total weights, and, per page (a slice), the
    proposals with their call, theme, territory, decision and number of evaluators. Each item
    carries `mean_score` (0–100, as `scoring.weighted_score` averaged), `submitted` and
    `evaluators`. Works with Django's Paginator and Wagtail's report export.
    """

    def __init__(self, proposals):
        totals = list(
            CriterionScore.objects.filter(assignment__status=SUBMITTED, assignment__proposal__in=proposals.values("pk"))
            .order_by()
            .values("assignment__proposal", "assignment__proposal__call")
            .annotate(
                total=Sum(
                    Cast(F("criterion__weight") * (F("score") - F("criterion__scale_min")), FloatField())
                    * 100.0
                    / Cast(F("criterion__scale_max") - F("criterion__scale_min"), FloatField())
                ),
                submitted=Count("assignment", distinct=True),
            )
        )
        calls = {row["assignment__proposal__call"] for row in totals}
        weights = dict(
            EvaluationCriterion.objects.filter(call__in=calls).order_by().values("call").annotate(w=Sum("weight")).values_list("call", "w")
        ) if calls else {}
        entries = []
        for row in totals:
            weight = weights.get(row["assignment__proposal__call"]) or 0
            mean = row["total"] / (row["submitted"] * weight) if weight and row["total"] is not None else None
            entries.append((row["assignment__proposal"], mean, row["submitted"]))
        entries.sort(key=lambda entry: (entry[1] is None, -(entry[1] or 0), entry[0]))
        self.entries = entries

    def __len__(self):
        return len(self.entries)

    def count(self):
        return len(self.entries)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._fetch(self.entries[index])
        return self._fetch([self.entries[index]])[0]

    def __iter__(self):
        return iter(self[:])

    def _fetch(self, entries):
        if not entries:
            return []
        evaluators = (
            EvaluationAssignment.objects.filter(proposal=OuterRef("pk")).order_by().values("proposal").annotate(n=Count("pk"))
        )
        found = Proposal.objects.filter(pk__in=[pk for pk, _mean, _n in entries]).select_related(
            "call", "theme", "territory", "decision"
        ).annotate(evaluators=_subquery_int(evaluators, "n"))
        by_pk = {proposal.pk: proposal for proposal in found}
        items = []
        for pk, mean, submitted in entries:
            proposal = by_pk.get(pk)
            if proposal is not None:
                proposal.mean_score, proposal.submitted = mean, submitted
                items.append(proposal)
        return items


def scored_proposals(call=None, proposals=None):
    """The ranking of a call (or of `proposals`, a Proposal queryset): see `Ranking`."""
    if proposals is None:
        proposals = Proposal.objects.all() if call is None else Proposal.objects.filter(call=call)
    return Ranking(proposals)


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
    impact: list = field(default_factory=list)  # indicadores.selectors.impact_for: baseline, target, values since
    alignment: list = field(default_factory=list)  # planes.PlanItem with their plan

    @property
    def alignment_text(self):
        """The plan items as one line each: «Plan (2022–2024): Meta 1.2.3 …»."""
        return [f"{item.plan.name} ({item.plan.start_year}–{item.plan.end_year}): {item.get_kind_display()} {item.code} {item.name}" for item in self.alignment]

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
    rows = evaluation_rows(criteria, assignments, public=public)
    return Sheet(
        proposal,
        criteria,
        rows,
        summary,
        decision,
        notes,
        public,
        impact=indicator_selectors.impact_for(proposal),
        alignment=plan_selectors.alignment_of(proposal),
    )


def plan_suggestions(proposal, criteria, alignment):
    """{criterion id: planes.alignment.Suggestion} for the "priority against the plans" criteria."""
    from planes.alignment import is_plan_criterion

    return {
        criterion.pk: plan_selectors.suggestion_for(proposal, alignment, criterion.scale_min, criterion.scale_max)
        for criterion in criteria
        if is_plan_criterion(criterion.name)
    }


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
