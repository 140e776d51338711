"""The home page: open calls, latest pedagogy and participation figures."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from portal.blocks import FigureBlock


class HomePage(Page):
    hero_title = models.CharField(_("título de bienvenida"), max_length=200)
    hero_text = RichTextField(_("texto de bienvenida"), features=["bold", "italic", "link"], blank=True)
    figures = StreamField(
        [("figure", FigureBlock())],
        verbose_name=_("cifras destacadas"),
        blank=True,
        help_text=_("Cifras de participación de procesos anteriores, con su fuente."),
    )
    capsules_title = models.CharField(
        _("título de la sección de cápsulas"),
        max_length=120,
        blank=True,
        help_text=_("Vacío: «Cápsulas del saber» en el idioma de quien visita."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("hero_title"),
        FieldPanel("hero_text"),
        FieldPanel("figures"),
        FieldPanel("capsules_title"),
    ]
    search_fields = Page.search_fields + [index.SearchField("hero_title"), index.SearchField("hero_text")]
    max_count = 1
    subpage_types = [
        "convocatorias.CallIndexPage",
        "portal.GuideIndexPage",
        "indicadores.MonitorIndexPage",
        "indicadores.TerritoryIndexPage",
    ]
    OPEN_CALLS_SHOWN = 6

    class Meta:
        verbose_name = _("portada")

    def get_context(self, request, *args, **kwargs):
        from convocatorias.models import CallIndexPage
        from convocatorias.selectors import open_calls
        from portal.models import Capsule, GuidePage

        from .selectors import participation_figures

        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        context["now"] = now
        calls = open_calls(now)
        context["open_calls"] = [
            {"call": call, "phase": call.current_phase(now), "next_phase": call.next_phase(now)}
            for call in calls[: self.OPEN_CALLS_SHOWN]
        ]
        context["more_open_calls"] = calls.count() - len(context["open_calls"])
        context["call_index"] = CallIndexPage.objects.live().public().first()
        context["capsules"] = Capsule.listing(home_only=True, limit=6)
        context["guides"] = GuidePage.published(limit=3)
        context["participation"] = participation_figures()
        return context
