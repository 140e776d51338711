"""Calls (convocatorias): pages with phases, thematic axes, territories, workshops and rules."""

import unicodedata
from types import SimpleNamespace

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from django.http import HttpResponse
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from portal.blocks import ContentStreamBlock

from . import phases as registry
from . import residents
from . import routes


class Theme(index.Indexed, models.Model):
    """A thematic axis (eje / mesa temática) shared by calls and pedagogical content."""

    name = models.CharField(_("nombre"), max_length=120, unique=True)
    slug = models.SlugField(_("identificador"), max_length=120, unique=True)
    description = models.TextField(_("descripción"), blank=True)

    search_fields = [index.SearchField("name"), index.SearchField("description")]
    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("eje temático")
        verbose_name_plural = _("ejes temáticos")

    def __str__(self):
        return self.name


class Territory(index.Indexed, models.Model):
    """An area with its own ballot and budget ceiling: comuna, corregimiento, colonia…"""

    class Kind(models.TextChoices):
        COMUNA = "comuna", _("Comuna")
        CORREGIMIENTO = "corregimiento", _("Corregimiento")
        COLONIA = "colonia", _("Colonia")
        DISTRITO = "distrito", _("Distrito")
        MUNICIPIO = "municipio", _("Municipio")
        METROPOLITAN_AREA = "zona_metropolitana", _("Zona metropolitana")

    name = models.CharField(_("nombre"), max_length=150)
    code = models.CharField(
        _("código"), max_length=20, blank=True, help_text=_("Número oficial, p. ej. 08.")
    )
    kind = models.CharField(_("tipo"), max_length=20, choices=Kind.choices)
    municipality = models.CharField(_("municipio"), max_length=150)

    search_fields = [index.SearchField("name"), index.FilterField("municipality")]
    panels = [FieldPanel("name"), FieldPanel("code"), FieldPanel("kind"), FieldPanel("municipality")]

    class Meta:
        ordering = ["municipality", "kind", "code", "name"]
        verbose_name = _("territorio")
        verbose_name_plural = _("territorios")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "kind", "name"], name="unique_territory_per_municipality"
            )
        ]

    def __str__(self):
        prefix = f"{self.get_kind_display()} {self.code} – " if self.code else ""
        return f"{prefix}{self.name} ({self.municipality})"


class CallIndexPage(Page):
    """The list of calls."""

    intro = models.TextField(_("introducción"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    subpage_types = ["convocatorias.CallPage", "votaciones.ResultsPage"]
    max_count = 1

    class Meta:
        verbose_name = _("índice de convocatorias")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["now"] = now = timezone.now()
        calls = (
            CallPage.objects.child_of(self).live().public().prefetch_related("phases").order_by("-first_published_at", "pk")
        )
        context["groups"] = registry.split_by_status(calls, now)
        return context


def requirement_field(verbose_name):
    """Who may do one action of a call (propose, support, comment): `residents.Requirement`."""
    return models.CharField(
        verbose_name,
        max_length=20,
        choices=residents.Requirement.choices,
        default=residents.Requirement.EMAIL,
        help_text=_("«Del territorio»: según el padrón, la persona reside en el territorio de la propuesta."),
    )


class CallPageForm(WagtailAdminPageForm):
    """Checks the phase schedule as a whole: the inline formset alone cannot."""

    MESSAGES = {
        "ends_before_start": _("La fase «%(phase)s» debe terminar después de empezar."),
        "duplicate": _("La fase «%(phase)s» está repetida: cada fase aparece una sola vez."),
        "out_of_order": _("La fase «%(phase)s» empieza antes que una fase anterior del proceso."),
        "overlap": _("La fase «%(phase)s» se traslapa con la fase anterior."),
    }

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("phases")
        if formset is None:
            return cleaned
        if not formset.is_valid():
            # The formset's own uniqueness message names fields; say it in the editor's words.
            kinds = [
                form.data.get(form.add_prefix("kind"))
                for form in formset.forms
                if form.data.get(form.add_prefix("DELETE")) not in ("on", "true", "1")
            ]
            repeated = {kind for kind in kinds if kind and kinds.count(kind) > 1}
            labels = dict(CallPhase.Kind.choices)
            for kind in sorted(repeated):
                self.add_error(None, self.MESSAGES["duplicate"] % {"phase": labels.get(kind, kind)})
            return cleaned
        schedule = [
            SimpleNamespace(**form.cleaned_data)
            for form in formset.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("starts_at")
            and form.cleaned_data.get("ends_at")
        ]
        labels = dict(CallPhase.Kind.choices)
        for error in registry.validate_schedule(schedule):
            self.add_error(None, self.MESSAGES[error.code] % {"phase": labels[error.kind]})
        return cleaned


class CallPage(RoutablePageMixin, Page):
    """A public call: bases, axes, territories with ceilings, phases, workshops and rules."""

    class Currency(models.TextChoices):
        MXN = "MXN", _("Peso mexicano (MXN)")
        COP = "COP", _("Peso colombiano (COP)")

    class BallotType(models.TextChoices):
        APPROVAL = "approval", _("Aprobación (marcar varios proyectos)")
        KNAPSACK = "knapsack", _("Presupuesto (marcar proyectos hasta el techo)")
        CHOOSE_ONE = "choose_one", _("Elegir uno")
        CUMULATIVE = "cumulative", _("Acumulativo (repartir puntos)")

    class VoteRequirement(models.TextChoices):
        EMAIL = "email", _("Una cuenta con el correo confirmado")
        VERIFIED = "verified", _("Residentes verificados con el padrón")
        VERIFIED_TERRITORY = "verified_territory", _("Residentes verificados del territorio de la papeleta")

    class ResultsRule(models.TextChoices):
        GREEDY = "greedy", _("Por votos dentro del presupuesto (greedy)")
        GREEDY_NO_SKIP = "greedy_no_skip", _("Por votos, sin saltar proyectos (greedy sin salto)")
        EQUAL_SHARES = "equal_shares", _("Método de Partes Iguales (add1)")
        EQUAL_SHARES_UTILITARIAN = (
            "equal_shares_utilitarian",
            _("Método de Partes Iguales con completado por votos"),
        )

    summary = models.CharField(
        _("resumen"), max_length=300, help_text=_("Una o dos frases para listados y buscadores.")
    )
    organizer = models.CharField(_("institución convocante"), max_length=200, blank=True)
    code = models.CharField(
        _("código"),
        max_length=12,
        blank=True,
        validators=[
            RegexValidator(
                r"^[A-Z0-9]+$", _("Use solo letras mayúsculas sin acentos y números, p. ej. PEM.")
            )
        ],
        help_text=_(
            "Prefijo de las referencias de las propuestas (PEM → PEM-2026-0042). "
            "Vacío: las iniciales del título."
        ),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("imagen principal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    intro = StreamField(ContentStreamBlock(), verbose_name=_("introducción"), blank=True)
    bases = StreamField(ContentStreamBlock(), verbose_name=_("bases"), blank=True)
    themes = ParentalManyToManyField(Theme, verbose_name=_("ejes temáticos"), blank=True)
    currency = models.CharField(
        _("moneda"), max_length=3, choices=Currency.choices, default=Currency.MXN
    )

    # Rules the later phases use.
    max_proposal_cost = models.PositiveBigIntegerField(
        _("costo máximo por propuesta"),
        null=True,
        blank=True,
        help_text=_("En unidades enteras de la moneda de la convocatoria. Vacío: sin límite."),
    )
    supports_threshold = models.PositiveIntegerField(
        _("apoyos necesarios para avanzar"),
        null=True,
        blank=True,
        help_text=_("Vacío: los apoyos no son requisito."),
    )
    ballot_type = models.CharField(
        _("tipo de papeleta"), max_length=20, choices=BallotType.choices, default=BallotType.APPROVAL
    )
    ballot_min_selections = models.PositiveSmallIntegerField(
        _("mínimo de proyectos por papeleta"), default=1
    )
    ballot_max_selections = models.PositiveSmallIntegerField(
        _("máximo de proyectos por papeleta"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Vacío: sin límite (la papeleta de presupuesto la limita el techo)."),
    )
    ballot_points = models.PositiveSmallIntegerField(
        _("puntos por votante"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Solo para papeletas acumulativas."),
    )
    ballot_max_points_per_project = models.PositiveSmallIntegerField(
        _("máximo de puntos por proyecto"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Solo para papeletas acumulativas. Vacío: sin límite por proyecto."),
    )
    ballot_min_spend_percent = models.PositiveSmallIntegerField(
        _("porcentaje mínimo del techo a usar"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Solo para papeletas de presupuesto: la papeleta debe sumar al menos este porcentaje del techo del territorio."),
    )
    vote_in_several_territories = models.BooleanField(
        _("se puede votar en varios territorios"),
        default=False,
        help_text=_("Si no se marca, cada persona vota en un solo territorio de la convocatoria."),
    )
    vote_residents_only = models.BooleanField(
        _("solo votan residentes del territorio"),
        default=False,
        help_text=_("Con cuenta: el territorio de residencia del perfil debe ser el de la papeleta."),
    )
    vote_requirement = models.CharField(
        _("quién puede votar"),
        max_length=20,
        choices=VoteRequirement.choices,
        default=VoteRequirement.EMAIL,
        help_text=_(
            "Con verificación, cada persona (por su documento en el padrón) vota una sola vez por "
            "urna, en línea, con un código de taller o en papel."
        ),
    )
    vote_min_age = models.PositiveSmallIntegerField(
        _("edad mínima para votar"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("Solo con verificación: la edad se toma de la fecha de nacimiento del padrón. Vacío: sin edad mínima."),
    )
    propose_requirement = requirement_field(_("quién puede presentar propuestas"))
    support_requirement = requirement_field(_("quién puede apoyar propuestas"))
    comment_requirement = requirement_field(_("quién puede comentar"))
    hide_counts_until_close = models.BooleanField(
        _("ocultar los conteos hasta el cierre"),
        default=True,
        help_text=_("Nadie, tampoco el personal, ve votos por proyecto antes del cierre de la votación."),
    )
    results_rule = models.CharField(
        _("regla de resultados"),
        max_length=30,
        choices=ResultsRule.choices,
        default=ResultsRule.GREEDY,
    )
    results_min_score = models.PositiveIntegerField(
        _("votos mínimos para resultar ganador"),
        null=True,
        blank=True,
        help_text=_("Umbral de la regla por votos. Vacío: sin umbral."),
    )
    vote_before_evaluation = models.BooleanField(
        _("votar antes de evaluar"),
        default=False,
        help_text=_(
            "La votación de priorización corre sobre las propuestas admitidas y sus ganadoras "
            "pasan a evaluación técnica."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("organizer"),
        FieldPanel("code"),
        FieldPanel("hero_image"),
        FieldPanel("intro"),
        FieldPanel("bases"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
    ]
    schedule_panels = [
        InlinePanel("phases", heading=_("Fases"), label=_("Fase")),
        InlinePanel("events", heading=_("Talleres y eventos"), label=_("Evento")),
    ]
    rules_panels = [
        FieldPanel("currency"),
        InlinePanel("territories", heading=_("Territorios y techos"), label=_("Territorio")),
        MultiFieldPanel(
            [FieldPanel("max_proposal_cost"), FieldPanel("supports_threshold")],
            heading=_("Propuestas y apoyos"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("ballot_type"),
                FieldRowPanel([FieldPanel("ballot_min_selections"), FieldPanel("ballot_max_selections")]),
                FieldRowPanel([FieldPanel("ballot_points"), FieldPanel("ballot_max_points_per_project")]),
                FieldPanel("ballot_min_spend_percent"),
            ],
            heading=_("Papeleta"),
        ),
        MultiFieldPanel(
            [FieldPanel("propose_requirement"), FieldPanel("support_requirement"), FieldPanel("comment_requirement")],
            heading=_("Requisitos para participar"),
            help_text=_("La verificación de residencia se hace con el padrón, en línea o en un punto de atención."),
        ),
        MultiFieldPanel(
            [
                FieldPanel("vote_in_several_territories"),
                FieldPanel("vote_residents_only"),
                FieldPanel("vote_requirement"),
                FieldPanel("vote_min_age"),
                FieldPanel("hide_counts_until_close"),
            ],
            heading=_("Votación"),
        ),
        MultiFieldPanel(
            [FieldPanel("results_rule"), FieldPanel("results_min_score"), FieldPanel("vote_before_evaluation")],
            heading=_("Resultados"),
        ),
        InlinePanel(
            "theme_caps",
            heading=_("Máximo del techo por eje temático"),
            label=_("Máximo por eje"),
            help_text=_("Opcional. Los proyectos alternativos entre sí se marcan en Votaciones → Alternativas."),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Contenido")),
            ObjectList(schedule_panels, heading=_("Calendario")),
            ObjectList(rules_panels, heading=_("Reglas")),
            ObjectList(Page.promote_panels, heading=_("Promoción")),
            ObjectList(Page.settings_panels, heading=_("Configuración")),
        ]
    )

    base_form_class = CallPageForm
    parent_page_types = ["convocatorias.CallIndexPage"]
    subpage_types = []
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("organizer"),
        index.SearchField("intro"),
        index.SearchField("bases"),
        index.RelatedFields("themes", [index.SearchField("name")]),
    ]

    class Meta:
        verbose_name = _("convocatoria")
        verbose_name_plural = _("convocatorias")

    def clean(self):
        super().clean()
        errors = {}
        if self.ballot_max_selections and self.ballot_min_selections > self.ballot_max_selections:
            errors["ballot_min_selections"] = _("El mínimo no puede superar al máximo.")
        if self.ballot_type == self.BallotType.CUMULATIVE and not self.ballot_points:
            errors["ballot_points"] = _("Indique cuántos puntos reparte cada votante.")
        if self.ballot_type == self.BallotType.CHOOSE_ONE and (self.ballot_max_selections or 1) != 1:
            errors["ballot_max_selections"] = _("Una papeleta de elegir uno admite un solo proyecto.")
        if (
            self.ballot_type == self.BallotType.CUMULATIVE
            and self.ballot_points
            and self.ballot_max_points_per_project
            and self.ballot_max_points_per_project > self.ballot_points
        ):
            errors["ballot_max_points_per_project"] = _("El máximo por proyecto no puede superar los puntos por votante.")
        if self.ballot_min_spend_percent and self.ballot_type != self.BallotType.KNAPSACK:
            errors["ballot_min_spend_percent"] = _("El porcentaje mínimo solo se aplica a papeletas de presupuesto.")
        if errors:
            raise ValidationError(errors)

    @property
    def reference_prefix(self):
        """The call code, or the initials of its title (letters only, at most six)."""
        if self.code:
            return self.code
        initials = "".join(
            unicodedata.normalize("NFKD", word[0]).encode("ascii", "ignore").decode().upper()
            for word in self.title.split()
            if len(word) > 2 and word[0].isalpha()
        )
        return initials[:6] or "PROP"

    # Phase logic: everything is answered by the registry in `phases.py`.
    @cached_property
    def schedule(self):
        """The phases, sorted; uses prefetched phases when available."""
        return registry.ordered(self.phases.all())

    def current_phase(self, now=None):
        return registry.current_phase(self.schedule, now or timezone.now())

    def next_phase(self, now=None):
        return registry.next_phase(self.schedule, now or timezone.now())

    def status(self, now=None):
        return registry.status(self.schedule, now or timezone.now())

    def may(self, action, now=None):
        """May `action` (a `phases.Action`) happen in this call now?"""
        return registry.may(self.schedule, action, now or timezone.now())

    @path("calendario/", name="calendar")
    def calendar(self, request):
        """The phases and workshops as an iCalendar file."""
        from .calendar import call_calendar

        labels = dict(CallPhase.Kind.choices)
        body = call_calendar(
            call=self,
            phases=self.schedule,
            events=self.events.all(),
            url=self.get_full_url(request),
            host=request.get_host().split(":")[0],
            phase_label=lambda kind: str(labels[kind]),
        )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.slug}.ics"'
        return response

    @property
    def proposals_url(self):
        return self.url + self.reverse_subpage("proposals")

    @property
    def new_proposal_url(self):
        return self.url + self.reverse_subpage("new_proposal")

    @property
    def proposals_feed_url(self):
        return self.url + self.reverse_subpage("proposals_feed")

    @property
    def results_url(self):
        return self.url + self.reverse_subpage("results")

    @property
    def results_zip_url(self):
        return self.url + self.reverse_subpage("results_zip")

    def results_download_url(self, territory_id, fmt):
        """A territory's results as `fmt` (csv, xlsx or pb): …/resultados/<territory>/<fmt>/."""
        return self.url + self.reverse_subpage("results_download", args=(territory_id, fmt))

    @classmethod
    def get_subpage_urls(cls):
        """The call's own routes (the calendar), then those the apps registered (`routes`)."""
        return super().get_subpage_urls() + routes.patterns()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        context["now"] = now
        context["current_phase"] = self.current_phase(now)
        context["next_phase"] = self.next_phase(now)
        context["call_territories"] = territories = list(self.territories.select_related("territory"))
        context["budget"] = budget_summary(territories)
        context["events"] = self.events.all()
        context["call_themes"] = self.themes.all()
        context["public_proposals_count"] = self.proposals.public().count()
        context["may_submit"] = self.may(registry.Action.SUBMIT_PROPOSAL, now)
        context["call_panels"] = routes.panels(request, self)
        context["requirements"] = self.requirements_for(request.user, territory_ids=[item.territory_id for item in territories])
        context["verify_url"] = residents.verify_url()
        return context

    # Requirements per action (`residents`): what each action asks and what a person still lacks.

    def requirement_of(self, task):
        return {
            residents.Task.PROPOSE: self.propose_requirement,
            residents.Task.SUPPORT: self.support_requirement,
            residents.Task.COMMENT: self.comment_requirement,
            residents.Task.VOTE: self.vote_requirement,
        }[task]

    def missing_for(self, user, task, *, territory_id=None, territory_ids=None):
        """What `user` still lacks to do `task` in this call (a `residents.Missing`), or None."""
        requirement = self.requirement_of(task)
        if task == residents.Task.VOTE and self.vote_residents_only and requirement in residents.VERIFIED:
            requirement = residents.Requirement.VERIFIED_TERRITORY
        return residents.missing(
            requirement,
            user,
            task=task,
            territory_id=territory_id,
            territory_ids=territory_ids,
            min_age=self.vote_min_age if task == residents.Task.VOTE and requirement in residents.VERIFIED else None,
        )

    def requirements_for(self, user, *, territory_ids=None):
        """The call page's box: for each action its requirement in words and, for a signed-in
        person, what they still lack (`missing`: None when they meet it)."""
        rows = []
        for task in residents.Task:
            requirement = self.requirement_of(task)
            label = residents.requirement_label(task, requirement)
            if task == residents.Task.VOTE and self.vote_min_age and requirement in residents.VERIFIED:
                label = _("%(requirement)s, de %(age)s años o más") % {"requirement": label, "age": self.vote_min_age}
            row = {"task": task, "label": task.label, "requirement": label, "missing": None}
            if user is not None and user.is_authenticated:
                row["missing"] = self.missing_for(user, task, territory_ids=territory_ids)
            rows.append(row)
        return rows


def budget_summary(call_territories):
    """Total of the ceilings and each territory's share of the largest, for the bar chart."""
    ceilings = [item.budget_ceiling for item in call_territories if item.budget_ceiling is not None]
    largest = max(ceilings, default=0)
    for item in call_territories:
        ceiling = item.budget_ceiling or 0
        item.bar_percent = round(100 * ceiling / largest, 1) if largest else 0
    return {"total": sum(ceilings), "has_ceilings": bool(ceilings)}


class CallPhase(Orderable):
    class Kind(models.TextChoices):
        # Same values as `phases.Phase`, in the same order (checked by a test).
        ANNOUNCED = "announced", _("Anuncio")
        INTAKE = "intake", _("Recepción de propuestas")
        REVIEW = "review", _("Revisión")
        SUPPORTS = "supports", _("Apoyos")
        TECHNICAL_EVALUATION = "technical_evaluation", _("Evaluación técnica")
        VOTING = "voting", _("Votación")
        RESULTS = "results", _("Resultados")
        MONITORING = "monitoring", _("Seguimiento")

    call = ParentalKey(CallPage, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("fase"), max_length=30, choices=Kind.choices)
    starts_at = models.DateTimeField(_("inicio"))
    ends_at = models.DateTimeField(_("fin"))
    description = models.CharField(_("descripción"), max_length=300, blank=True)

    panels = [
        FieldPanel("kind"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("description"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("fase")
        verbose_name_plural = _("fases")
        constraints = [
            models.UniqueConstraint(
                fields=["call", "kind"],
                name="unique_phase_per_call",
                violation_error_message=_("Cada fase aparece una sola vez en la convocatoria."),
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="phase_ends_after_start",
                violation_error_message=_("La fase debe terminar después de empezar."),
            ),
        ]

    def __str__(self):
        return self.get_kind_display()

    @property
    def enabled_actions(self):
        return registry.ENABLED_ACTIONS[registry.Phase(self.kind)]


class TerritorySelect(forms.Select):
    """The territories of a call's list grouped by municipality (an <optgroup> per city), so that
    an editor finds a comuna of Medellín without scrolling past the colonias of Torreón."""

    def optgroups(self, name, value, attrs=None):
        groups = {}
        selected = {str(v) for v in value}
        for index, (option_value, label) in enumerate(self.choices):
            instance = getattr(option_value, "instance", None)
            group = (instance.municipality or _("Sin municipio")) if instance is not None else ""
            key = str(option_value)
            option = self.create_option(name, option_value, label, key in selected, index, attrs=attrs)
            groups.setdefault(group, []).append(option)
        return [(group or None, options, index) for index, (group, options) in enumerate(groups.items())]


class CallTerritory(Orderable):
    call = ParentalKey(CallPage, on_delete=models.CASCADE, related_name="territories")
    territory = models.ForeignKey(
        Territory, verbose_name=_("territorio"), on_delete=models.PROTECT, related_name="+"
    )
    budget_ceiling = models.PositiveBigIntegerField(
        _("techo presupuestal"),
        null=True,
        blank=True,
        help_text=_("En unidades enteras de la moneda de la convocatoria."),
    )

    panels = [FieldPanel("territory", widget=TerritorySelect), FieldPanel("budget_ceiling")]

    class Meta(Orderable.Meta):
        verbose_name = _("territorio de la convocatoria")
        verbose_name_plural = _("territorios de la convocatoria")
        constraints = [
            models.UniqueConstraint(fields=["call", "territory"], name="unique_territory_per_call")
        ]

    def __str__(self):
        return str(self.territory)


class CallThemeCap(Orderable):
    """At most `max_percent` of each territory's ceiling may go to the projects of one theme
    (a share of the budget per theme, as Amsterdam's files have per category)."""

    call = ParentalKey(CallPage, on_delete=models.CASCADE, related_name="theme_caps")
    theme = models.ForeignKey(Theme, verbose_name=_("eje temático"), on_delete=models.PROTECT, related_name="+")
    max_percent = models.PositiveSmallIntegerField(
        _("máximo del techo (%)"),
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Los proyectos ganadores de este eje no pueden sumar más de este porcentaje del techo de cada territorio."),
    )

    panels = [FieldPanel("theme"), FieldPanel("max_percent")]

    class Meta(Orderable.Meta):
        verbose_name = _("máximo por eje temático")
        verbose_name_plural = _("máximos por eje temático")
        constraints = [models.UniqueConstraint(fields=["call", "theme"], name="one_cap_per_call_theme")]

    def __str__(self):
        return f"{self.theme} ≤ {self.max_percent} %"


class CallEvent(Orderable):
    """A workshop or event of the call's calendar."""

    call = ParentalKey(CallPage, on_delete=models.CASCADE, related_name="events")
    title = models.CharField(_("título"), max_length=200)
    starts_at = models.DateTimeField(_("fecha y hora"))
    place = models.CharField(_("lugar"), max_length=250, blank=True)
    description = models.TextField(_("descripción"), blank=True)

    panels = [FieldPanel("title"), FieldPanel("starts_at"), FieldPanel("place"), FieldPanel("description")]

    class Meta(Orderable.Meta):
        ordering = ["starts_at", "sort_order"]
        verbose_name = _("taller o evento")
        verbose_name_plural = _("talleres y eventos")

    def __str__(self):
        return self.title
