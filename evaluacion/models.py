"""The technical evaluation (SESP): a call's criteria, the evaluators' assignments and scores,
the history of submitted evaluations, internal notes and the coordinator's decision.

These models were born in `propuestas` and keep its tables (`db_table`): the move to this app
changed no row (migrations `propuestas.0005` and `evaluacion.0001`).
Write operations live in `services.py`, reads in `selectors.py`, the arithmetic in `scoring.py`.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from propuestas.models import Proposal

class EvaluationCriterion(models.Model):
    """One criterion of a call's technical evaluation, with its scale and weight."""

    call = models.ForeignKey(
        "convocatorias.CallPage", verbose_name=_("convocatoria"), on_delete=models.CASCADE, related_name="criteria"
    )
    name = models.CharField(_("nombre"), max_length=120)
    description = models.TextField(_("descripción"), blank=True)
    scale_min = models.SmallIntegerField(_("puntuación mínima"), default=0)
    scale_max = models.SmallIntegerField(_("puntuación máxima"), default=5)
    levels = models.TextField(
        _("qué significa cada nivel"),
        blank=True,
        help_text=_("Una línea por nivel, p. ej. «0: no es viable», «5: plenamente viable»."),
    )
    weight = models.PositiveSmallIntegerField(_("peso"), default=1, validators=[MinValueValidator(1)])
    eliminatory = models.BooleanField(
        _("eliminatorio"), default=False, help_text=_("Una puntuación por debajo del mínimo hace la propuesta no viable.")
    )
    minimum = models.SmallIntegerField(_("mínimo para ser viable"), null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("orden"), default=0)

    class Meta:
        db_table = "propuestas_evaluationcriterion"
        verbose_name = _("criterio de evaluación")
        verbose_name_plural = _("criterios de evaluación")
        ordering = ["call_id", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "name"], name="unique_criterion_name_per_call"),
            models.CheckConstraint(condition=Q(scale_max__gt=F("scale_min")), name="criterion_scale_grows"),
        ]
        permissions = [("coordinate_evaluation", _("Puede coordinar la evaluación técnica"))]

    def __str__(self):
        return self.name


class EvaluationAssignment(models.Model):
    """One evaluator's evaluation of one proposal: assigned with a due date, scored, submitted."""

    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("Asignada")
        SUBMITTED = "submitted", _("Enviada")

    proposal = models.ForeignKey(Proposal, verbose_name=_("propuesta"), on_delete=models.CASCADE, related_name="assignments")
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("evaluador/a"), on_delete=models.PROTECT, related_name="evaluation_assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_date = models.DateField(_("fecha límite"))
    status = models.CharField(_("estado"), max_length=12, choices=Status.choices, default=Status.ASSIGNED, db_index=True)
    validated_cost = models.PositiveBigIntegerField(_("costo validado"), null=True, blank=True)
    cost_explanation = models.TextField(_("explicación del cambio de costo"), blank=True)
    execution_months = models.PositiveSmallIntegerField(
        _("plazo de ejecución (meses)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    assigned_at = models.DateTimeField(_("asignada"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("enviada"), null=True, blank=True)

    class Meta:
        db_table = "propuestas_evaluationassignment"
        verbose_name = _("evaluación asignada")
        verbose_name_plural = _("evaluaciones asignadas")
        ordering = ["due_date", "pk"]
        constraints = [models.UniqueConstraint(fields=["proposal", "evaluator"], name="one_assignment_per_evaluator")]

    def __str__(self):
        return f"{self.proposal} · {self.evaluator}"


class CriterionScore(models.Model):
    assignment = models.ForeignKey(EvaluationAssignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(EvaluationCriterion, on_delete=models.CASCADE, related_name="scores")
    score = models.SmallIntegerField(_("puntuación"))
    justification = models.TextField(_("justificación"))

    class Meta:
        db_table = "propuestas_criterionscore"
        verbose_name = _("puntuación")
        verbose_name_plural = _("puntuaciones")
        constraints = [models.UniqueConstraint(fields=["assignment", "criterion"], name="one_score_per_criterion")]


class EvaluationChange(models.Model):
    """History of a submitted evaluation: who changed what, when (before → after per field)."""

    assignment = models.ForeignKey(EvaluationAssignment, on_delete=models.CASCADE, related_name="changes")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    changes = models.JSONField(_("cambios"), default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "propuestas_evaluationchange"
        verbose_name = _("cambio de evaluación")
        verbose_name_plural = _("historial de evaluaciones")
        ordering = ["created_at", "pk"]


class EvaluationNote(models.Model):
    """An internal note between staff about a proposal's evaluation: never public."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="evaluation_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("nota interna"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "propuestas_evaluationnote"
        verbose_name = _("nota interna")
        verbose_name_plural = _("notas internas")
        ordering = ["created_at", "pk"]


class EvaluationDecision(models.Model):
    """The coordinator's decision on a proposal: viable with a validated cost, or not viable."""

    proposal = models.OneToOneField(Proposal, on_delete=models.CASCADE, related_name="decision")
    viable = models.BooleanField(_("viable"))
    validated_cost = models.PositiveBigIntegerField(_("costo validado"), null=True, blank=True)
    explanation = models.TextField(_("explicación pública"), blank=True)
    score = models.DecimalField(_("puntuación media"), max_digits=5, decimal_places=1, null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("decidida"))
    published_at = models.DateTimeField(_("publicada"), null=True, blank=True)

    class Meta:
        db_table = "propuestas_evaluationdecision"
        verbose_name = _("decisión de evaluación")
        verbose_name_plural = _("decisiones de evaluación")
        constraints = [
            models.CheckConstraint(
                condition=Q(viable=False) | Q(validated_cost__isnull=False), name="viable_has_validated_cost"
            ),
        ]
