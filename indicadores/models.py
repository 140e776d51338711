"""Indicators of the territory: the catalogue, their values over time, the monitors and fact
sheets that publish them, and the indicators a project means to move (SESP impact).

Values are time series per territory and period (`periods.py`: sortable text such as ``2020``,
``2020-T3``, ``2020-07``); one value per indicator, territory and period.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from convocatorias.models import Territory

from . import periods
from .blocks import MonitorStreamBlock

class _Readers:
    """What the pages read and serve, set by `IndicadoresConfig.ready()`: `selectors` and
    `exports` import these models, so the models reach them through here (no import circle)."""

    monitor_sections = None  # (page) -> sections
    fact_sheet = None  # (page, request) -> context
    monitor_download = None  # (page, sections, fmt) -> response
    formats = ()


READERS = _Readers()

VALUE_DIGITS = 20
VALUE_DECIMALS = 4


class IndicatorCategory(models.Model):
    """A category of the catalogue (the Sistema Metropolitano de Indicadores has 32)."""

    name = models.CharField(_("nombre"), max_length=150, unique=True)
    slug = models.SlugField(_("identificador"), max_length=150, unique=True)
    description = models.TextField(_("descripción"), blank=True)
    sort_order = models.PositiveIntegerField(_("orden"), default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description"), FieldPanel("sort_order")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("categoría de indicadores")
        verbose_name_plural = _("categorías de indicadores")

    def __str__(self):
        return self.name


class Indicator(index.Indexed, models.Model):
    class Periodicity(models.TextChoices):
        ANNUAL = "annual", _("Anual")
        SEMIANNUAL = "semiannual", _("Semestral")
        QUARTERLY = "quarterly", _("Trimestral")
        MONTHLY = "monthly", _("Mensual")
        IRREGULAR = "irregular", _("Irregular (censos, encuestas)")

    class Level(models.TextChoices):
        METROPOLITAN = "metropolitan", _("Zona metropolitana")
        MUNICIPALITY = "municipality", _("Municipio")
        LOCAL = "local", _("Comuna, corregimiento o colonia")

    #: The kinds of territory (convocatorias.Territory.Kind) each level holds values for.
    LEVEL_KINDS = {
        Level.METROPOLITAN: {Territory.Kind.METROPOLITAN_AREA},
        Level.MUNICIPALITY: {Territory.Kind.MUNICIPIO},
        Level.LOCAL: {Territory.Kind.COMUNA, Territory.Kind.CORREGIMIENTO, Territory.Kind.COLONIA, Territory.Kind.DISTRITO},
    }

    category = models.ForeignKey(
        IndicatorCategory, verbose_name=_("categoría"), on_delete=models.PROTECT, related_name="indicators"
    )
    code = models.CharField(
        _("clave"), max_length=40, unique=True, help_text=_("La clave con la que aparece en los archivos, p. ej. POB-001.")
    )
    name = models.CharField(_("nombre"), max_length=250)
    unit = models.CharField(_("unidad"), max_length=60, help_text=_("P. ej. personas, %, pesos, km."))
    definition = models.TextField(_("definición"), blank=True)
    source = models.CharField(_("fuente"), max_length=250, blank=True)
    periodicity = models.CharField(_("periodicidad"), max_length=20, choices=Periodicity.choices, default=Periodicity.ANNUAL)
    level = models.CharField(_("nivel territorial"), max_length=20, choices=Level.choices, default=Level.LOCAL)
    decimals = models.PositiveSmallIntegerField(_("decimales a mostrar"), default=1)
    featured = models.BooleanField(
        _("indicador clave"), default=False, help_text=_("Se muestra en las fichas de territorio que no eligen los suyos.")
    )

    search_fields = [
        index.SearchField("name"),
        index.SearchField("code"),
        index.SearchField("definition"),
        index.FilterField("category"),
    ]
    panels = [
        FieldPanel("category"),
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("unit"),
        FieldPanel("definition"),
        FieldPanel("source"),
        MultiFieldPanel(
            [FieldPanel("periodicity"), FieldPanel("level"), FieldPanel("decimals"), FieldPanel("featured")],
            heading=_("Presentación"),
        ),
    ]

    class Meta:
        ordering = ["category__sort_order", "category__name", "code"]
        verbose_name = _("indicador")
        verbose_name_plural = _("indicadores")

    def __str__(self):
        return f"{self.code} · {self.name}"

    def get_absolute_url(self):
        return reverse("indicadores:detail", args=(self.code,))

    def accepts(self, territory_kind):
        return territory_kind in self.LEVEL_KINDS[self.level]


class IndicatorValue(models.Model):
    """The value of an indicator in a territory for a period, with its source and note."""

    indicator = models.ForeignKey(Indicator, verbose_name=_("indicador"), on_delete=models.CASCADE, related_name="values")
    territory = models.ForeignKey(
        Territory, verbose_name=_("territorio"), on_delete=models.PROTECT, related_name="indicator_values"
    )
    period = models.CharField(_("periodo"), max_length=periods.MAX_LENGTH, help_text=_("2020, 2020-S1, 2020-T3 o 2020-07."))
    value = models.DecimalField(_("valor"), max_digits=VALUE_DIGITS, decimal_places=VALUE_DECIMALS)
    source = models.CharField(_("fuente"), max_length=250, blank=True)
    note = models.CharField(_("nota"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("valor de indicador")
        verbose_name_plural = _("valores de indicadores")
        # The unique index (indicator, territory, period) serves the time series of an
        # indicator, of an indicator in some territories and of a monitor's period range.
        constraints = [
            models.UniqueConstraint(fields=["indicator", "territory", "period"], name="unique_indicator_value"),
        ]

    def __str__(self):
        return f"{self.indicator_id} · {self.territory_id} · {self.period}: {self.value}"

    def clean(self):
        normalised = periods.normalise(self.period)
        if normalised is None:
            raise ValidationError({"period": _("Use un año (2020), semestre (2020-S1), trimestre (2020-T3) o mes (2020-07).")})
        self.period = normalised


class ProjectIndicator(models.Model):
    """An indicator a project means to move (SESP impact), with its baseline and target."""

    proposal = models.ForeignKey(
        "propuestas.Proposal", verbose_name=_("proyecto"), on_delete=models.CASCADE, related_name="impact_indicators"
    )
    indicator = models.ForeignKey(Indicator, verbose_name=_("indicador"), on_delete=models.PROTECT, related_name="projects")
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("territorio"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("Vacío: el territorio del proyecto."),
    )
    baseline_value = models.DecimalField(_("línea base"), max_digits=VALUE_DIGITS, decimal_places=VALUE_DECIMALS)
    baseline_period = models.CharField(_("periodo de la línea base"), max_length=periods.MAX_LENGTH)
    target_value = models.DecimalField(_("meta"), max_digits=VALUE_DIGITS, decimal_places=VALUE_DECIMALS)
    target_period = models.CharField(_("periodo de la meta"), max_length=periods.MAX_LENGTH)
    note = models.CharField(_("nota"), max_length=500, blank=True)

    panels = [
        FieldPanel("proposal"),
        FieldPanel("indicator"),
        FieldPanel("territory"),
        MultiFieldPanel([FieldPanel("baseline_value"), FieldPanel("baseline_period")], heading=_("Línea base")),
        MultiFieldPanel([FieldPanel("target_value"), FieldPanel("target_period")], heading=_("Meta")),
        FieldPanel("note"),
    ]

    class Meta:
        ordering = ["proposal", "indicator__code", "pk"]
        verbose_name = _("indicador de impacto")
        verbose_name_plural = _("indicadores de impacto")
        constraints = [models.UniqueConstraint(fields=["proposal", "indicator"], name="unique_project_indicator")]

    def __str__(self):
        return f"{self.proposal} → {self.indicator.code}"

    def clean(self):
        errors = {}
        for name in ("baseline_period", "target_period"):
            normalised = periods.normalise(getattr(self, name))
            if normalised is None:
                errors[name] = _("Use un año (2020), semestre (2020-S1), trimestre (2020-T3) o mes (2020-07).")
            else:
                setattr(self, name, normalised)
        if not errors and self.target_period < self.baseline_period:
            errors["target_period"] = _("La meta debe ser del periodo de la línea base o posterior.")
        if errors:
            raise ValidationError(errors)

    @property
    def territory_for_values(self):
        return self.territory_id or self.proposal.territory_id


# --- Pages -------------------------------------------------------------------------------------


class MonitorIndexPage(Page):
    """The list of monitors (e.g. /monitores/)."""

    intro = RichTextField(_("introducción"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["indicadores.MonitorPage"]
    max_count = 1
    template = "indicadores/monitor_index.html"

    class Meta:
        verbose_name = _("índice de monitores")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["monitors"] = MonitorPage.objects.child_of(self).live().public().specific().order_by("title")
        return context


class MonitorPage(RoutablePageMixin, Page):
    """A topic dashboard that editors compose from indicators: text, charts and tables; it
    downloads as CSV and XLSX (`descargar/csv/`, `descargar/xlsx/`)."""

    summary = models.CharField(_("resumen"), max_length=300, blank=True)
    body = StreamField(MonitorStreamBlock(), verbose_name=_("contenido"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("summary")]
    parent_page_types = ["indicadores.MonitorIndexPage"]
    subpage_types = []
    template = "indicadores/monitor_page.html"

    class Meta:
        verbose_name = _("monitor")
        verbose_name_plural = _("monitores")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = READERS.monitor_sections(self)
        return context

    @path("descargar/<str:fmt>/", name="download")
    def download(self, request, fmt):
        if fmt not in READERS.formats:
            raise Http404
        return READERS.monitor_download(self, READERS.monitor_sections(self), fmt)


class TerritoryIndexPage(Page):
    """The list of territory fact sheets (e.g. /territorios/)."""

    intro = RichTextField(_("introducción"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["indicadores.TerritoryPage"]
    max_count = 1
    template = "indicadores/territory_index.html"

    class Meta:
        verbose_name = _("índice de fichas de territorio")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sheets"] = (
            TerritoryPage.objects.child_of(self).live().public().select_related("territory").order_by("territory__municipality", "title")
        )
        return context


TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link"]


class TerritoryPage(Page):
    """A territory's fact sheet (Indicadores Básicos por Colonia): the editors' text, its key
    indicators over time and every public project and proposal located there."""

    territory = models.OneToOneField(
        Territory, verbose_name=_("territorio"), on_delete=models.PROTECT, related_name="fact_sheet"
    )
    summary = models.CharField(_("resumen"), max_length=300, blank=True)
    history = RichTextField(_("historia"), blank=True, features=TEXT_FEATURES)
    equipment = RichTextField(_("equipamiento urbano"), blank=True, features=TEXT_FEATURES)
    streets = RichTextField(_("calles"), blank=True, features=TEXT_FEATURES)
    places = RichTextField(_("sitios de interés"), blank=True, features=TEXT_FEATURES)
    key_indicators = ParentalManyToManyField(
        Indicator,
        verbose_name=_("indicadores clave"),
        blank=True,
        related_name="+",
        help_text=_("Vacío: los indicadores marcados como clave en el catálogo."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("territory"),
        FieldPanel("summary"),
        FieldPanel("history"),
        FieldPanel("equipment"),
        FieldPanel("streets"),
        FieldPanel("places"),
        FieldPanel("key_indicators"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("history")]
    parent_page_types = ["indicadores.TerritoryIndexPage"]
    subpage_types = []
    template = "indicadores/territory_page.html"

    class Meta:
        verbose_name = _("ficha de territorio")
        verbose_name_plural = _("fichas de territorio")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(READERS.fact_sheet(self, request))
        return context
