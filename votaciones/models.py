"""Ballot boxes, ballots, workshop sessions and codes, and the stored results of a count.

A call's prioritization vote has one ballot box per territory (its *tarjetón*): the proposals of
that territory on the ballot compete for the territory's budget ceiling. Write operations live in
`services.py`, the count in `tally.py`, the pure ballot check in `ballots.py`.

Secrecy: a ballot knows its voter only so that the voter can change it until the close and see
their receipt; no page, export or admin screen joins a person to their choices.
"""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .pages import ResultsStreamBlock

#: Letters people can read aloud and type on a phone (no 0/O, 1/I/L).
READABLE = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_code(length):
    return "".join(secrets.choice(READABLE) for _ in range(length))


def normalise_code(text):
    """What a person typed → the canonical code: upper case, without spaces or dashes."""
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


def code_digest(code):
    """The stored form of a workshop voting code (keyed: a database leak does not reveal codes)."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, normalise_code(code).encode(), hashlib.sha256).hexdigest()


def receipt_fingerprint(receipt):
    """The public fingerprint of a receipt code: what each territory publishes after the close."""
    return hashlib.sha256(normalise_code(receipt).encode()).hexdigest()


def format_code(code, group=4):
    code = normalise_code(code)
    return "-".join(code[i : i + group] for i in range(0, len(code), group))


class BallotBox(models.Model):
    """The ballot of one territory in one call (created when first needed)."""

    call = models.ForeignKey(
        "convocatorias.CallPage", verbose_name=_("convocatoria"), on_delete=models.PROTECT, related_name="ballot_boxes"
    )
    territory = models.ForeignKey(
        "convocatorias.Territory", verbose_name=_("territorio"), on_delete=models.PROTECT, related_name="ballot_boxes"
    )
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)

    class Meta:
        verbose_name = _("urna")
        verbose_name_plural = _("urnas")
        ordering = ["call_id", "territory__name"]
        constraints = [models.UniqueConstraint(fields=["call", "territory"], name="unique_box_per_call_territory")]
        permissions = [
            ("tally_results", _("Puede calcular y publicar resultados")),
        ]

    def __str__(self):
        return f"{self.call} · {self.territory}"


class WorkshopSession(models.Model):
    """A workshop where people vote with one-time codes or on paper."""

    box = models.ForeignKey(BallotBox, verbose_name=_("urna"), on_delete=models.PROTECT, related_name="sessions")
    name = models.CharField(_("nombre"), max_length=150)
    place = models.CharField(_("lugar"), max_length=250, blank=True)
    held_on = models.DateField(_("fecha"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("creada por"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)

    class Meta:
        verbose_name = _("sesión de taller")
        verbose_name_plural = _("sesiones de taller")
        ordering = ["-created_at", "-pk"]
        permissions = [("facilitate_workshop", _("Puede facilitar talleres de votación"))]

    def __str__(self):
        return self.name


class VotingCode(models.Model):
    """A one-time voting code of a workshop; only its keyed digest is stored."""

    session = models.ForeignKey(WorkshopSession, verbose_name=_("sesión"), on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(_("huella del código"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)
    spent_at = models.DateTimeField(_("usado"), null=True, blank=True)
    voided_at = models.DateTimeField(_("anulado"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("anulado por"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("código de votación")
        verbose_name_plural = _("códigos de votación")
        ordering = ["pk"]

    def __str__(self):
        return _("Código %(id)s") % {"id": self.pk}


class Ballot(models.Model):
    """One cast ballot. Online ballots can be replaced until the close (the last one counts)."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("En línea")
        CODE = "code", _("Código de taller")
        PAPER = "paper", _("Papel")
        IMPORTED = "imported", _("Importada")

    box = models.ForeignKey(BallotBox, verbose_name=_("urna"), on_delete=models.PROTECT, related_name="ballots")
    channel = models.CharField(_("canal"), max_length=10, choices=Channel.choices)
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("votante"), null=True, blank=True, on_delete=models.SET_NULL, related_name="ballots"
    )
    # Set to the call when the call lets each person vote in one territory only: the unique
    # constraint below then holds across the call's boxes.
    exclusive_call = models.ForeignKey(
        "convocatorias.CallPage", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    code = models.OneToOneField(
        VotingCode, verbose_name=_("código"), null=True, blank=True, on_delete=models.PROTECT, related_name="ballot"
    )
    session = models.ForeignKey(
        WorkshopSession, verbose_name=_("sesión"), null=True, blank=True, on_delete=models.PROTECT, related_name="ballots"
    )
    receipt = models.CharField(_("código de recibo"), max_length=20, blank=True)
    fingerprint = models.CharField(_("huella del recibo"), max_length=64, unique=True)
    external_id = models.CharField(_("identificador externo"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("emitida"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizada"), auto_now=True)
    changes = models.PositiveIntegerField(_("cambios"), default=0)

    class Meta:
        verbose_name = _("papeleta")
        verbose_name_plural = _("papeletas")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["box", "voter"], condition=Q(voter__isnull=False), name="one_ballot_per_voter_per_box"
            ),
            models.UniqueConstraint(
                fields=["exclusive_call", "voter"],
                condition=Q(voter__isnull=False, exclusive_call__isnull=False),
                name="one_territory_per_voter_per_call",
            ),
        ]

    def __str__(self):
        return _("Papeleta %(id)s") % {"id": self.pk}


class VoterMark(models.Model):
    """A verified person has voted in a box (the roll a polling officer marks): one per person
    and box whatever the channel, and one per call when people vote in one territory only.

    `person` is the key of `electorate.Resident` (a keyed hash, never a document number). Online
    marks point to their ballot (which the person may still change); desk marks are made when a
    code bound to the person is issued, or when they vote on paper. The unique constraints decide
    races between channels: the second insert fails and its channel is refused.
    """

    class Channel(models.TextChoices):
        ONLINE = "online", _("En línea")
        CODE = "code", _("Código de taller")
        PAPER = "paper", _("Papel")

    box = models.ForeignKey(BallotBox, verbose_name=_("urna"), on_delete=models.PROTECT, related_name="voter_marks")
    person = models.CharField(_("persona (huella)"), max_length=64)
    channel = models.CharField(_("canal"), max_length=10, choices=Channel.choices)
    exclusive_call = models.ForeignKey(
        "convocatorias.CallPage", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ballot = models.OneToOneField(
        "Ballot", null=True, blank=True, on_delete=models.SET_NULL, related_name="voter_mark"
    )
    code = models.OneToOneField(
        VotingCode, null=True, blank=True, on_delete=models.CASCADE, related_name="voter_mark"
    )
    session = models.ForeignKey(
        WorkshopSession, verbose_name=_("sesión"), null=True, blank=True, on_delete=models.PROTECT, related_name="voter_marks"
    )
    created_at = models.DateTimeField(_("registrada"), auto_now_add=True)

    class Meta:
        verbose_name = _("marca de votante")
        verbose_name_plural = _("marcas de votantes")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["box", "person"], name="one_vote_per_person_per_box"),
            models.UniqueConstraint(
                fields=["exclusive_call", "person"],
                condition=Q(exclusive_call__isnull=False),
                name="one_territory_per_person_per_call",
            ),
        ]

    def __str__(self):
        return _("Marca %(id)s") % {"id": self.pk}


class BallotChoice(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    proposal = models.ForeignKey("propuestas.Proposal", on_delete=models.PROTECT, related_name="ballot_choices")
    points = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("elección")
        verbose_name_plural = _("elecciones")
        constraints = [models.UniqueConstraint(fields=["ballot", "proposal"], name="one_choice_per_proposal")]


class AlternativeGroup(models.Model):
    """Projects of one territory of a call that exclude each other (two designs for one square):
    at most one of them can win, whatever the rule."""

    call = models.ForeignKey(
        "convocatorias.CallPage", verbose_name=_("convocatoria"), on_delete=models.CASCADE, related_name="alternative_groups"
    )
    name = models.CharField(_("nombre"), max_length=150, help_text=_("Por ejemplo: «Diseños de la plaza principal»."))
    proposals = models.ManyToManyField(
        "propuestas.Proposal", verbose_name=_("proyectos alternativos"), related_name="alternative_groups"
    )

    class Meta:
        verbose_name = _("grupo de proyectos alternativos")
        verbose_name_plural = _("proyectos alternativos")
        ordering = ["call_id", "name", "pk"]

    def __str__(self):
        return self.name


class BoxResult(models.Model):
    """The last count of a ballot box: computed by the engine, never edited by hand.

    ``projects`` holds one entry per project on the ballot (id, reference, title, cost, score,
    approvals, selected, round, reason, payments); ``greedy`` the same count under greedy when the
    rule is equal shares; ``turnout`` the ballots per channel.
    """

    box = models.OneToOneField(BallotBox, on_delete=models.CASCADE, related_name="result")
    rule = models.CharField(_("regla"), max_length=40)
    budget = models.PositiveBigIntegerField(_("presupuesto"))
    budget_used = models.PositiveBigIntegerField(_("presupuesto asignado"))
    ballots_count = models.PositiveIntegerField(_("papeletas contadas"))
    turnout = models.JSONField(_("participación por canal"), default=dict)
    projects = models.JSONField(_("proyectos"), default=list)
    greedy = models.JSONField(_("comparación con la regla por votos"), default=list, blank=True)
    details = models.JSONField(default=dict, blank=True)
    computed_at = models.DateTimeField(_("calculado"))
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("resultado de urna")
        verbose_name_plural = _("resultados de urnas")

    def __str__(self):
        return str(self.box)

    @property
    def winners(self):
        return sorted((p for p in self.projects if p["selected"]), key=lambda p: p["round"])


class ResultsPage(Page):
    """A CMS page that presents a call's results with the editors' commentary.

    Its "tabla de resultados" blocks render the computed tables of the stored counts; before the
    close of the vote they show when the results will be published instead.
    """

    call = models.ForeignKey(
        "convocatorias.CallPage",
        verbose_name=_("convocatoria"),
        null=True,
        blank=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    summary = models.CharField(_("resumen"), max_length=300, blank=True)
    body = StreamField(ResultsStreamBlock(), verbose_name=_("contenido"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("call"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["convocatorias.CallIndexPage"]
    subpage_types = []
    template = "votaciones/results/results_page.html"

    class Meta:
        verbose_name = _("página de resultados")
        verbose_name_plural = _("páginas de resultados")
