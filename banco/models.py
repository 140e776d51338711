"""Execution monitoring (seguimiento) of selected projects, and the people who follow them.

The bank's search lives in `search/`, its public pages in `views.py`, statistics in
`statistics.py`, the open-data API in `api/`.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from propuestas.models import Proposal, ProposalQuerySet


class RegistryProjectManager(models.Manager.from_queryset(ProposalQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(call__isnull=True)


class ExecutionUpdate(models.Model):
    """A public report from staff on how a selected project is being built."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planeado")
        TENDER = "tender", _("En licitación")
        EXECUTION = "execution", _("En ejecución")
        SUSPENDED = "suspended", _("Suspendido")
        COMPLETED = "completed", _("Terminado")

    proposal = models.ForeignKey(
        "propuestas.Proposal",
        verbose_name=_("proyecto"),
        on_delete=models.CASCADE,
        related_name="execution_updates",
    )
    status = models.CharField(_("estado de la ejecución"), max_length=12, choices=Status.choices, db_index=True)
    progress = models.PositiveSmallIntegerField(_("avance (%)"), default=0, validators=[MaxValueValidator(100)])
    committed_amount = models.PositiveBigIntegerField(_("monto comprometido"), null=True, blank=True)
    spent_amount = models.PositiveBigIntegerField(_("monto ejecutado"), null=True, blank=True)
    start_date = models.DateField(_("fecha de inicio"), null=True, blank=True)
    end_date = models.DateField(_("fecha de terminación prevista"), null=True, blank=True)
    text = models.TextField(_("qué se hizo"), max_length=5000)
    published_at = models.DateTimeField(_("publicada"), default=timezone.now, db_index=True)
    # Staff only: never shown on public pages, exports or the API.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("actualización de seguimiento")
        verbose_name_plural = _("actualizaciones de seguimiento")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="execution_progress_at_most_100"),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="execution_dates_in_order",
            ),
        ]
        indexes = [models.Index(fields=["proposal", "-published_at"], name="execution_update_latest")]

    def __str__(self):
        return f"{self.proposal} · {self.get_status_display()} {self.progress} %"


class ExecutionPhoto(models.Model):
    update = models.ForeignKey(ExecutionUpdate, on_delete=models.CASCADE, related_name="photos")
    file = models.ImageField(
        _("foto"), upload_to="seguimiento/%Y/%m/", width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    alt_text = models.CharField(
        _("descripción de la foto"), max_length=200, help_text=_("Qué muestra la foto, para quien no puede verla.")
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("foto de seguimiento")
        verbose_name_plural = _("fotos de seguimiento")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.alt_text


class ProjectFollow(models.Model):
    """A person who asked to be emailed when a project's execution is updated."""

    proposal = models.ForeignKey("propuestas.Proposal", on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followed_projects")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("seguimiento de proyecto")
        verbose_name_plural = _("proyectos seguidos")
        constraints = [models.UniqueConstraint(fields=["proposal", "user"], name="unique_project_follow")]

    def __str__(self):
        return f"{self.user_id} → {self.proposal_id}"


class RegistryProject(Proposal):
    """The registry's view of the bank: projects that did not come through a citizen call.

    A proxy of `propuestas.Proposal` (same rows, `origin` other than a citizen call and no call), so
    that every feature of the bank (search, facets, map, statistics, exports, API) includes them;
    the proxy carries the registry's permissions (`portal.roles`: editors register and import).
    """

    objects = RegistryProjectManager()

    class Meta:
        proxy = True
        verbose_name = _("proyecto del registro")
        verbose_name_plural = _("registro de proyectos")
        permissions = [("import_registry", _("Puede importar proyectos y avances al registro"))]
