"""Development plans in force and their tree (axes → programmes → goals), and the alignment of the
bank's projects with their items.

A plan (Plan Municipal de Desarrollo, Programa de Gobierno Municipal, Programa Municipal de
Desarrollo Urbano, the local development plan of a comuna or corregimiento) holds its items as a
simple adjacency list (`PlanItem.parent`), ordered by `sort_order` then code. A project of the bank
(a citizen proposal or a registry project: both are `propuestas.Proposal` rows) is aligned with
any number of items (`PlanItem.proposals`). Writes in `services.py`, reads in `selectors.py`.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Plan(models.Model):
    class Level(models.TextChoices):
        PMD = "pmd", _("Plan Municipal de Desarrollo")
        PGM = "pgm", _("Programa de Gobierno Municipal")
        PMDU = "pmdu", _("Programa Municipal de Desarrollo Urbano")
        LOCAL = "local", _("Plan de desarrollo local")

    name = models.CharField(_("nombre"), max_length=200)
    slug = models.SlugField(_("identificador en la dirección"), max_length=80, unique=True, blank=True)
    level = models.CharField(_("nivel"), max_length=10, choices=Level.choices)
    municipality = models.CharField(_("municipio"), max_length=150)
    territory = models.ForeignKey(
        "convocatorias.Territory",
        verbose_name=_("territorio"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="development_plans",
        help_text=_("La comuna o el corregimiento de un plan de desarrollo local."),
    )
    start_year = models.PositiveSmallIntegerField(
        _("año de inicio"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    end_year = models.PositiveSmallIntegerField(
        _("año de término"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    description = models.TextField(_("descripción"), blank=True, max_length=3000)
    source_url = models.URLField(_("documento del plan"), blank=True)

    class Meta:
        verbose_name = _("plan de desarrollo")
        verbose_name_plural = _("planes de desarrollo")
        ordering = ["municipality", "level", "-start_year", "name"]
        permissions = [("align_project", _("Puede alinear proyectos con los planes de desarrollo"))]
        constraints = [
            models.CheckConstraint(condition=Q(end_year__gte=F("start_year")), name="plan_period_in_order"),
        ]

    def __str__(self):
        return f"{self.name} ({self.start_year}–{self.end_year})"

    def clean(self):
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("El año de término no puede ser anterior al de inicio.")})
        if self.level == self.Level.LOCAL and not self.territory_id:
            raise ValidationError({"territory": _("Un plan de desarrollo local pertenece a una comuna o corregimiento.")})

    def save(self, *args, **kwargs):
        if not self.slug:
            base = slugify(f"{self.name}-{self.start_year}")[:70] or "plan"
            slug, number = base, 2
            while Plan.objects.filter(slug=slug).exclude(pk=self.pk).exists():
                slug, number = f"{base}-{number}", number + 1
            self.slug = slug
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("planes:detail", args=[self.slug])

    def in_force(self, year):
        return self.start_year <= year <= self.end_year


class PlanItem(models.Model):
    """One node of a plan's tree: an axis (eje), a programme (programa) or a goal (meta)."""

    class Kind(models.TextChoices):
        AXIS = "axis", _("Eje")
        PROGRAMME = "programme", _("Programa")
        GOAL = "goal", pgettext_lazy("plan item", "Meta")

    #: The kind a child of each kind has (an axis holds programmes, a programme holds goals).
    CHILD_KIND = {"axis": "programme", "programme": "goal"}

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("pertenece a"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        help_text=_("Vacío para un eje; el eje de un programa; el programa de una meta."),
    )
    kind = models.CharField(_("tipo"), max_length=10, choices=Kind.choices)
    code = models.CharField(_("clave"), max_length=20, help_text=_("P. ej. 1, 1.2, 1.2.3."))
    name = models.CharField(_("nombre"), max_length=300)
    description = models.TextField(_("descripción"), blank=True, max_length=3000)
    sort_order = models.PositiveIntegerField(_("orden"), default=0)
    proposals = models.ManyToManyField(
        "propuestas.Proposal", verbose_name=_("proyectos alineados"), blank=True, related_name="plan_items"
    )

    class Meta:
        verbose_name = _("elemento de plan")
        verbose_name_plural = _("elementos de planes")
        ordering = ["plan_id", "sort_order", "code", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="unique_plan_item_code")]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def label(self):
        return f"{self.get_kind_display()} {self.code}: {self.name}"

    def clean(self):
        errors = {}
        if self.parent_id is None:
            if self.kind and self.kind != self.Kind.AXIS:
                errors["parent"] = _("Un programa o una meta pertenece a un elemento del mismo plan.")
        else:
            parent = self.parent
            if self.plan_id and parent.plan_id != self.plan_id:
                errors["parent"] = _("El elemento superior debe ser del mismo plan.")
            elif self.CHILD_KIND.get(parent.kind) != self.kind:
                errors["parent"] = _("Un eje contiene programas y un programa contiene metas.")
        if errors:
            raise ValidationError(errors)
