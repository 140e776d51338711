"""The blocks editors compose a monitor with: text, charts and tables of indicators.

The page never renders these blocks' values one by one (each chooser would cost queries):
`selectors.monitor_sections` reads the stream's raw data and loads the indicators, territories
and values of every block at once.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock

from . import periods

MAX_TERRITORIES = 12
MAX_INDICATORS = 10


class _RangeMixin:
    def clean(self, value):
        value = super().clean(value)
        errors = {}
        for name in ("period_from", "period_to"):
            raw = value.get(name) or ""
            if raw and periods.normalise(raw) is None:
                errors[name] = ValidationError(_("Use un año (2020), semestre (2020-S1), trimestre (2020-T3) o mes (2020-07)."))
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value


def _territories():
    return blocks.ListBlock(
        SnippetChooserBlock("convocatorias.Territory"),
        label=_("Territorios"),
        min_num=1,
        max_num=MAX_TERRITORIES,
    )


def _period(label):
    return blocks.CharBlock(label=label, required=False, max_length=periods.MAX_LENGTH, help_text=_("Vacío: sin límite."))


class ChartBlock(_RangeMixin, blocks.StructBlock):
    title = blocks.CharBlock(label=_("Título"), required=False, max_length=200, help_text=_("Vacío: el nombre del indicador."))
    indicator = SnippetChooserBlock("indicadores.Indicator", label=_("Indicador"))
    territories = _territories()
    kind = blocks.ChoiceBlock(
        label=_("Tipo de gráfica"), choices=[("line", _("Líneas")), ("bar", _("Barras"))], default="line"
    )
    period_from = _period(_("Desde el periodo"))
    period_to = _period(_("Hasta el periodo"))

    class Meta:
        icon = "view"
        label = _("Gráfica de un indicador")


class TableBlock(_RangeMixin, blocks.StructBlock):
    title = blocks.CharBlock(label=_("Título"), required=False, max_length=200)
    indicators = blocks.ListBlock(
        SnippetChooserBlock("indicadores.Indicator"), label=_("Indicadores"), min_num=1, max_num=MAX_INDICATORS
    )
    territories = _territories()
    period_from = _period(_("Desde el periodo"))
    period_to = _period(_("Hasta el periodo"))

    class Meta:
        icon = "table"
        label = _("Tabla de indicadores")


class MonitorStreamBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(
        label=_("Texto"), features=["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]
    )
    chart = ChartBlock()
    table = TableBlock()
