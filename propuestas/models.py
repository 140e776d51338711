"""Proposals to a call, the groups that write them, their supports and their history.

Write operations live in `services.py`, reads in `selectors.py`, the lifecycle in `lifecycle.py`.
"""

import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from .lifecycle import PUBLIC_STATES, State
from .search_text import document, fold

SUMMARY_MAX_LENGTH = 280
MAX_IMAGES = 5
MAX_DOCUMENTS = 5
#: What the author writes (the form's fields, and what the services copy onto the proposal).
PROPOSAL_FIELDS = (
    "title",
    "summary",
    "problem",
    "solution",
    "beneficiaries_count",
    "beneficiaries_description",
    "theme",
    "territory",
    "estimated_cost",
    "address",
    "latitude",
    "longitude",
)


def new_join_code():
    """Eight characters people can read aloud in a workshop (no 0/O, 1/I/L)."""
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


class ProposalGroup(models.Model):
    """A university group or neighbourhood collective that writes proposals together."""

    name = models.CharField(_("nombre"), max_length=120)
    description = models.TextField(_("descripción"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("creado por"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="GroupMembership",
        related_name="proposal_groups",
        verbose_name=_("integrantes"),
    )
    join_code = models.CharField(_("código de invitación"), max_length=16, unique=True, default=new_join_code)
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)

    class Meta:
        verbose_name = _("grupo")
        verbose_name_plural = _("grupos")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("propuestas:group_detail", args=[self.pk])


class GroupMembership(models.Model):
    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("coordinación")
        MEMBER = "member", _("integrante")

    group = models.ForeignKey(ProposalGroup, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships")
    role = models.CharField(_("papel"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(_("se unió"), auto_now_add=True)

    class Meta:
        verbose_name = _("integrante de grupo")
        verbose_name_plural = _("integrantes de grupos")
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="unique_group_member")]

    def __str__(self):
        return f"{self.user} · {self.group}"


class ProposalQuerySet(models.QuerySet):
    def public(self):
        """Listed publicly: submitted or later, not withdrawn, not hidden by moderation."""
        return self.filter(status__in=[state.value for state in PUBLIC_STATES], hidden=False)

    def authored_by(self, user):
        """Proposals a person may act on as author: their own and their groups'."""
        return self.filter(Q(author=user) | Q(group__memberships__user=user)).distinct()

    # The bank's search document follows the text on bulk paths too (save() does it one by one);
    # bulk_create keeps a document the caller already computed (imports, benchmarks).
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            if isinstance(obj, Proposal) and not obj.search_document:
                obj.refresh_search_fields()
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs, fields = list(objs), list(fields)
        if set(fields) & set(Proposal.SEARCHED_FIELDS):
            for obj in objs:
                obj.refresh_search_fields()
            fields = [*fields, *(name for name in Proposal.SEARCH_FIELDS if name not in fields)]
        return super().bulk_update(objs, fields, *args, **kwargs)


class Proposal(index.Indexed, models.Model):
    class Origin(models.TextChoices):
        """Where a project in the bank came from: a citizen call, or the registry (banco/registry.py)."""

        CITIZEN = "citizen", _("Convocatoria ciudadana")
        INSTITUTIONAL = "institutional", _("Institucional")
        STRATEGIC = "strategic", _("Estratégico")
        LOCAL_PLAN = "local_plan", _("Plan de desarrollo local")
        MUNICIPAL_PROGRAMME = "municipal_programme", _("Programa municipal")

    class Status(models.TextChoices):
        DRAFT = State.DRAFT.value, _("Borrador")
        SUBMITTED = State.SUBMITTED.value, _("Enviada")
        ADMITTED = State.ADMITTED.value, _("Admitida")
        REJECTED = State.REJECTED.value, _("No admitida")
        SHORTLISTED = State.SHORTLISTED.value, _("Viable, en el tarjetón")
        NOT_VIABLE = State.NOT_VIABLE.value, _("No viable")
        SELECTED = State.SELECTED.value, _("Seleccionada")
        NOT_SELECTED = State.NOT_SELECTED.value, _("No seleccionada")
        IN_EXECUTION = State.IN_EXECUTION.value, _("En ejecución")
        COMPLETED = State.COMPLETED.value, _("Terminada")
        WITHDRAWN = State.WITHDRAWN.value, _("Retirada")
        SUPERSEDED = State.SUPERSEDED.value, _("Convertida en proyecto")

    # Empty only for the registry's projects (origin other than a citizen call).
    call = models.ForeignKey(
        "convocatorias.CallPage",
        verbose_name=_("convocatoria"),
        on_delete=models.PROTECT,
        related_name="proposals",
        null=True,
        blank=True,
    )
    origin = models.CharField(
        _("origen"), max_length=20, choices=Origin.choices, default=Origin.CITIZEN, db_index=True
    )
    # The registry's classification (projects that did not come through a call).
    responsible_office = models.CharField(_("dependencia responsable"), max_length=200, blank=True)
    funding_source = models.CharField(_("fuente de financiamiento"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(
        _("año"), null=True, blank=True, validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    external_reference = models.CharField(
        _("referencia externa"), max_length=60, unique=True, null=True, blank=True,
        help_text=_("La clave del proyecto en el sistema de origen (BMPI, BIPL…): identifica las importaciones."),
    )
    registry_currency = models.CharField(_("moneda"), max_length=3, blank=True)
    reference = models.CharField(_("referencia"), max_length=40, unique=True, null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("autoría"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    group = models.ForeignKey(
        ProposalGroup,
        verbose_name=_("grupo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    title = models.CharField(_("título"), max_length=150)
    summary = models.TextField(_("resumen"), validators=[MaxLengthValidator(SUMMARY_MAX_LENGTH)])
    problem = models.TextField(_("problema que atiende"), max_length=5000)
    solution = models.TextField(_("solución propuesta"), max_length=5000)
    beneficiaries_count = models.PositiveIntegerField(
        _("personas beneficiarias"), validators=[MaxValueValidator(100_000_000)]
    )
    beneficiaries_description = models.CharField(_("quiénes se benefician"), max_length=300)
    theme = models.ForeignKey(
        "convocatorias.Theme", verbose_name=_("eje temático"), on_delete=models.PROTECT, related_name="+"
    )
    territory = models.ForeignKey(
        "convocatorias.Territory",
        verbose_name=_("territorio"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    estimated_cost = models.PositiveBigIntegerField(_("costo estimado"))
    # Set by the technical evaluation's decision: what the ballot and the bank show.
    validated_cost = models.PositiveBigIntegerField(_("costo validado"), null=True, blank=True)
    address = models.CharField(_("dirección o lugar"), max_length=250, blank=True)
    latitude = models.DecimalField(
        _("latitud"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitud"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    status = models.CharField(
        _("estado"), max_length=20, choices=Status.choices, default=State.DRAFT.value, db_index=True
    )
    # Shown as the author when the proposal was entered on behalf of others (a workshop's table,
    # named participants, a project formulated by staff from several ideas): see talleres.
    authorship = models.CharField(_("autoría mostrada"), max_length=200, blank=True)
    hidden = models.BooleanField(_("oculta por moderación"), default=False)
    hidden_reason = models.TextField(_("motivo de la ocultación"), blank=True)
    supports_count = models.PositiveIntegerField(_("apoyos"), default=0)
    comments_count = models.PositiveIntegerField(_("comentarios"), default=0)
    # A double click on "send" posts the same token twice: the second finds the first.
    creation_token = models.UUIDField(default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizada"), auto_now=True)
    submitted_at = models.DateTimeField(_("enviada"), null=True, blank=True, db_index=True)
    # The project bank's search (see search_text.py): the analysed text (Spanish stems of title, summary,
    # problem and solution) and the title folded for sorting, both kept by save()/bulk_* below.
    search_document = models.TextField(default="", blank=True, editable=False)
    search_title = models.CharField(default="", blank=True, max_length=150, editable=False)

    objects = ProposalQuerySet.as_manager()

    #: What the bank searches, and the fields derived from it.
    SEARCHED_FIELDS = ("title", "summary", "problem", "solution")
    SEARCH_FIELDS = ("search_document", "search_title")

    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("summary", boost=2),
        index.SearchField("problem"),
        index.SearchField("solution"),
        index.AutocompleteField("title"),
        index.FilterField("id"),
        index.FilterField("call"),
        index.FilterField("call_id"),
        index.FilterField("status"),
        index.FilterField("origin"),
        index.FilterField("hidden"),
        index.FilterField("theme"),
        index.FilterField("theme_id"),
        index.FilterField("territory"),
        index.FilterField("territory_id"),
        index.FilterField("submitted_at"),
        index.FilterField("supports_count"),
        index.FilterField("comments_count"),
    ]

    class Meta:
        verbose_name = _("propuesta")
        verbose_name_plural = _("propuestas")
        ordering = ["-submitted_at", "-pk"]
        permissions = [
            ("review_proposal", _("Puede admitir, rechazar y ocultar propuestas")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["author", "creation_token"], name="unique_proposal_creation"),
            models.CheckConstraint(
                condition=Q(status=State.DRAFT.value) | Q(reference__isnull=False),
                name="proposal_reference_once_submitted",
            ),
            models.CheckConstraint(
                condition=Q(call__isnull=False) | ~Q(origin="citizen"),
                name="proposal_citizen_has_call",
            ),
        ]
        indexes = [
            models.Index(fields=["call", "status", "hidden", "-submitted_at"], name="proposal_call_list"),
            models.Index(fields=["call", "-supports_count"], name="proposal_call_supports"),
            models.Index(fields=["call", "-comments_count"], name="proposal_call_comments"),
            models.Index(fields=["search_title", "id"], name="proposal_bank_title"),
            # Covers every column the bank's facets count and filter on: the counts read this
            # index instead of the rows (long texts make a row span several pages).
            models.Index(
                fields=[
                    "hidden",
                    "status",
                    "call",
                    "theme",
                    "territory",
                    "submitted_at",
                    "estimated_cost",
                    "validated_cost",
                    "latitude",
                    "longitude",
                    "origin",
                ],
                name="proposal_bank_facets",
            ),
        ]

    def __str__(self):
        return f"{self.reference} · {self.title}" if self.reference else self.title

    def refresh_search_fields(self):
        """Recompute the bank's search document and sort title from the text (no saving)."""
        self.search_document = document(*(getattr(self, name) for name in self.SEARCHED_FIELDS))
        self.search_title = fold(self.title or "")[:150]

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None:
            self.refresh_search_fields()
        elif set(update_fields) & set(self.SEARCHED_FIELDS):
            self.refresh_search_fields()
            kwargs["update_fields"] = {*update_fields, *self.SEARCH_FIELDS}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("propuestas:detail", args=[self.pk])

    @property
    def is_public(self):
        return self.status in PUBLIC_STATES and not self.hidden

    @property
    def author_name(self):
        """Who the proposal shows as its author: the authorship entered on behalf of others, the
        group, or the person's public name."""
        if self.authorship:
            return self.authorship
        if self.group_id:
            return self.group.name
        if self.author_id:
            return self.author.public_name
        return _("Cuenta eliminada")

    @property
    def cost(self):
        """The validated cost once the evaluation decided it, otherwise the author's estimate."""
        return self.validated_cost if self.validated_cost is not None else self.estimated_cost

    @property
    def is_registry(self):
        """A project of the registry: it came from no citizen call (no supports, comments or phases)."""
        return self.call_id is None

    @property
    def currency(self):
        """The currency of its amounts: the call's, or the registry project's own."""
        if self.call_id is not None:
            return self.call.currency
        return self.registry_currency or "MXN"

    @property
    def has_location(self):
        return self.latitude is not None and self.longitude is not None


class ProposalImage(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="images")
    file = models.ImageField(_("imagen"), upload_to="propuestas/imagenes/%Y/%m/", width_field="width", height_field="height")
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    alt_text = models.CharField(
        _("descripción de la imagen"),
        max_length=200,
        blank=True,
        help_text=_("Qué muestra la imagen, para quien no puede verla."),
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("imagen de propuesta")
        verbose_name_plural = _("imágenes de propuestas")
        ordering = ["pk"]

    def __str__(self):
        return self.alt_text or self.file.name


class ProposalDocument(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("documento PDF"), upload_to="propuestas/documentos/%Y/%m/")
    title = models.CharField(_("título del documento"), max_length=200)
    size = models.PositiveIntegerField(default=0, editable=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("documento de propuesta")
        verbose_name_plural = _("documentos de propuestas")
        ordering = ["pk"]

    def __str__(self):
        return self.title


class Support(models.Model):
    """One person's support of one proposal; unique by a database constraint."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supports")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("apoyo")
        verbose_name_plural = _("apoyos")
        constraints = [models.UniqueConstraint(fields=["proposal", "user"], name="unique_support")]

    def __str__(self):
        return f"{self.user_id} → {self.proposal_id}"


class ProposalEvent(models.Model):
    """The history of a proposal: every change of state and every moderation, with who, when, why."""

    class Kind(models.TextChoices):
        STATUS = "status", _("cambio de estado")
        HIDDEN = "hidden", _("ocultada")
        SHOWN = "shown", _("visible de nuevo")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.STATUS)
    transition = models.CharField(max_length=40, blank=True)
    from_status = models.CharField(max_length=20, blank=True, choices=Proposal.Status.choices)
    to_status = models.CharField(max_length=20, blank=True, choices=Proposal.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("motivo"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("evento de propuesta")
        verbose_name_plural = _("historial de propuestas")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.proposal_id}: {self.from_status} → {self.to_status}"


class ReferenceCounter(models.Model):
    """The last sequence number given per call and year (row-locked while a proposal is sent)."""

    call = models.ForeignKey("convocatorias.CallPage", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["call", "year"], name="unique_reference_counter")]
