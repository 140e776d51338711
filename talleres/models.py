"""Workshops and encuentros, who registered and attended, the ideas their tables produced, the
university groups behind ideas and how ideas became ballot projects (lineage).

Writes live in `services.py`, reads in `selectors.py`, statistics in `statistics.py`.
"""

from django import forms
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from portal.models import User


class WorkshopForm(WagtailAdminModelForm):
    """Facilitators are chosen among staff accounts (a citizen's account is never listed)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "facilitators" in self.fields:
            self.fields["facilitators"].queryset = User.objects.filter(is_staff=True, is_active=True).order_by(
                "display_name", "email"
            )
            # Two staff accounts may share a name: the address tells them apart.
            self.fields["facilitators"].label_from_instance = lambda user: (
                f"{user.display_name} · {user.email}" if user.display_name else user.email
            )


class Workshop(ClusterableModel):
    """A workshop or pedagogical encuentro, of a call or of the pedagogy programme."""

    base_form_class = WorkshopForm

    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("Taller")
        ENCUENTRO = "encuentro", _("Encuentro pedagógico")

    kind = models.CharField(_("tipo"), max_length=12, choices=Kind.choices, default=Kind.WORKSHOP)
    call = models.ForeignKey(
        "convocatorias.CallPage",
        verbose_name=_("convocatoria"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="workshops",
        help_text=_("Déjelo vacío para un encuentro del programa de pedagogía."),
    )
    series = models.CharField(
        _("serie"), max_length=150, blank=True, help_text=_("Por ejemplo: «Encuentros pedagógicos 2026».")
    )
    title = models.CharField(_("título"), max_length=200)
    description = models.TextField(_("descripción"), blank=True)
    starts_at = models.DateTimeField(_("fecha y hora de inicio"))
    ends_at = models.DateTimeField(_("fecha y hora de fin"), null=True, blank=True)
    place = models.CharField(_("lugar"), max_length=250, blank=True)
    territory = models.ForeignKey(
        "convocatorias.Territory",
        verbose_name=_("territorio"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="workshops",
    )
    capacity = models.PositiveIntegerField(
        _("cupo"), null=True, blank=True, help_text=_("Vacío: sin límite de inscripciones en línea.")
    )
    registration_open = models.BooleanField(_("inscripción en línea abierta"), default=True)
    facilitators = ParentalManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("facilitación"), blank=True, related_name="facilitated_workshops"
    )
    published = models.BooleanField(_("publicado"), default=True)
    minutes = models.TextField(
        _("acta"), blank=True, help_text=_("Se publica en la página del taller cuando el taller ha terminado.")
    )
    # The call's calendar entry kept in step with the workshop (the call page and its .ics list it).
    call_event = models.OneToOneField(
        "convocatorias.CallEvent", null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("call"), FieldPanel("series"), FieldPanel("title"), FieldPanel("description")],
            heading=_("Taller"),
        ),
        MultiFieldPanel(
            [FieldPanel("starts_at"), FieldPanel("ends_at"), FieldPanel("place"), FieldPanel("territory")],
            heading=_("Cuándo y dónde"),
        ),
        MultiFieldPanel(
            [FieldPanel("capacity"), FieldPanel("registration_open"), FieldPanel("published")],
            heading=_("Inscripción"),
        ),
        FieldPanel("facilitators", widget=forms.CheckboxSelectMultiple),
        InlinePanel("tables", heading=_("Mesas temáticas"), label=_("mesa")),
        FieldPanel("minutes"),
        InlinePanel("materials", heading=_("Materiales"), label=_("material")),
    ]

    class Meta:
        verbose_name = _("taller")
        verbose_name_plural = _("talleres")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["published", "starts_at"], name="workshop_public_date")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("talleres:detail", args=[self.pk])

    @property
    def is_past(self):
        return (self.ends_at or self.starts_at) < timezone.now()


class WorkshopTable(Orderable):
    """A thematic table (mesa) of a workshop."""

    workshop = ParentalKey(Workshop, on_delete=models.CASCADE, related_name="tables")
    name = models.CharField(_("nombre"), max_length=150)
    theme = models.CharField(_("tema"), max_length=250, blank=True)

    panels = [FieldPanel("name"), FieldPanel("theme")]

    class Meta(Orderable.Meta):
        verbose_name = _("mesa temática")
        verbose_name_plural = _("mesas temáticas")

    def __str__(self):
        return self.name


class WorkshopMaterial(Orderable):
    """A document (presentation, guide, photo report) published on the workshop's page."""

    workshop = ParentalKey(Workshop, on_delete=models.CASCADE, related_name="materials")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("documento"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("título"), max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("material")
        verbose_name_plural = _("materiales")

    def __str__(self):
        return self.title or self.document.title


class Participation(models.Model):
    """One person at a workshop: registered online or added at the door, and whether they came.

    People without an account are recorded with the minimum: a name or alias only when they
    agree (`name_consent`), and their gender and age range only under `demographics_consent`;
    the services clear what consent does not cover.
    """

    class Source(models.TextChoices):
        ONLINE = "online", _("Inscripción en línea")
        DOOR = "door", _("Registro en la puerta")

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Inscrita")
        CANCELLED = "cancelled", _("Cancelada")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="workshop_participations"
    )
    name = models.CharField(_("nombre o alias"), max_length=120, blank=True)
    name_consent = models.BooleanField(_("autoriza registrar su nombre o alias"), default=False)
    demographics_consent = models.BooleanField(
        _("autoriza usar su género y rango de edad en estadísticas de participación"), default=False
    )
    gender = models.CharField(_("género"), max_length=20, choices=User.Gender.choices, blank=True)
    age_range = models.CharField(_("rango de edad"), max_length=10, choices=User.AgeRange.choices, blank=True)
    table = models.ForeignKey(
        WorkshopTable, verbose_name=_("mesa"), null=True, blank=True, on_delete=models.SET_NULL, related_name="participations"
    )
    source = models.CharField(_("origen"), max_length=10, choices=Source.choices, default=Source.ONLINE)
    status = models.CharField(_("estado"), max_length=12, choices=Status.choices, default=Status.REGISTERED)
    attended = models.BooleanField(_("asistió"), default=False)
    synthetic = models.BooleanField(_("dato de demostración"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("participación en taller")
        verbose_name_plural = _("participaciones en talleres")
        ordering = ["workshop", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "user"], condition=Q(user__isnull=False), name="unique_workshop_participant"
            ),
        ]
        indexes = [models.Index(fields=["workshop", "status", "attended"], name="participation_workshop")]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        if self.user_id and self.user:
            return self.user.public_name
        if self.name_consent and self.name:
            return self.name
        return str(_("Participante sin nombre"))


class WorkshopIdea(models.Model):
    """An idea a workshop's table produced, entered by a facilitator on behalf of its participants:
    a proposal of the call (so it lives in the bank) with where it came from."""

    class Authorship(models.TextChoices):
        TABLE = "table", _("La mesa")
        GROUP = "group", _("Un grupo")
        PARTICIPANTS = "participants", _("Participantes con nombre (con su consentimiento)")

    proposal = models.OneToOneField("propuestas.Proposal", on_delete=models.CASCADE, related_name="workshop_origin")
    workshop = models.ForeignKey(Workshop, on_delete=models.PROTECT, related_name="ideas")
    table = models.ForeignKey(WorkshopTable, null=True, blank=True, on_delete=models.SET_NULL, related_name="ideas")
    authorship = models.CharField(_("autoría"), max_length=20, choices=Authorship.choices, default=Authorship.TABLE)
    participants = models.ManyToManyField(Participation, blank=True, related_name="ideas")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("idea de taller")
        verbose_name_plural = _("ideas de talleres")
        ordering = ["pk"]

    def __str__(self):
        return str(self.proposal)


class UniversityGroupProfile(ClusterableModel):
    """A university group (a propuestas group): its institution, mentors and actions."""

    group = models.OneToOneField(
        "propuestas.ProposalGroup", verbose_name=_("grupo"), on_delete=models.CASCADE, related_name="university_profile"
    )
    institution = models.CharField(_("institución"), max_length=200)
    mentors = models.TextField(_("mentores"), blank=True, help_text=_("Una persona por línea."))

    panels = [FieldPanel("group"), FieldPanel("institution"), FieldPanel("mentors"), InlinePanel("actions", label=_("acción"))]

    class Meta:
        verbose_name = _("grupo universitario")
        verbose_name_plural = _("grupos universitarios")
        ordering = ["institution", "pk"]

    def __str__(self):
        return f"{self.group} · {self.institution}"

    @property
    def mentor_list(self):
        return [line.strip() for line in self.mentors.splitlines() if line.strip()]


class GroupAction(Orderable):
    """An action a university group carried out with beneficiaries."""

    profile = ParentalKey(UniversityGroupProfile, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("acción"), max_length=200)
    date = models.DateField(_("fecha"), null=True, blank=True)
    beneficiaries = models.CharField(_("con quiénes"), max_length=250, blank=True)
    beneficiaries_count = models.PositiveIntegerField(_("personas beneficiarias"), null=True, blank=True)
    description = models.TextField(_("descripción"), blank=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("date"),
        FieldPanel("beneficiaries"),
        FieldPanel("beneficiaries_count"),
        FieldPanel("description"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("acción del grupo")
        verbose_name_plural = _("acciones del grupo")

    def __str__(self):
        return self.title


class ProposalLineage(models.Model):
    """One step from ideas to ballot projects: `source` became (part of) `result`."""

    class Kind(models.TextChoices):
        MERGE = "merge", _("Fusión")
        SPLIT = "split", _("División")
        REWRITE = "rewrite", _("Reformulación")

    source = models.ForeignKey("propuestas.Proposal", on_delete=models.CASCADE, related_name="lineage_results")
    result = models.ForeignKey("propuestas.Proposal", on_delete=models.CASCADE, related_name="lineage_sources")
    kind = models.CharField(_("tipo"), max_length=10, choices=Kind.choices)
    # The state the source had before it stepped aside: a revert brings it back.
    source_status = models.CharField(max_length=20)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(_("motivo"))
    reverted_at = models.DateTimeField(null=True, blank=True)
    reverted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revert_note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("paso de idea a proyecto")
        verbose_name_plural = _("pasos de ideas a proyectos")
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "result"], condition=Q(reverted_at__isnull=True), name="unique_active_lineage"
            ),
            models.CheckConstraint(condition=~Q(source=models.F("result")), name="lineage_not_itself"),
        ]

    def __str__(self):
        return f"{self.source_id} → {self.result_id} ({self.kind})"

    @property
    def active(self):
        return self.reverted_at is None
