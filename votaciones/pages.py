"""Blocks of the CMS results page (`models.ResultsPage`).

The "tabla de resultados" block stores only which territory to show (or none: every territory of
the call): the numbers always come from the stored count, editors cannot write them.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from portal.blocks import ContentStreamBlock


class ResultsTableBlock(blocks.StructBlock):
    territory = SnippetChooserBlock(
        "convocatorias.Territory",
        label=_("Territorio"),
        required=False,
        help_text=_("Vacío: todos los territorios de la convocatoria. Las cifras salen del conteo y no se editan."),
    )
    show_chart = blocks.BooleanBlock(label=_("Mostrar la gráfica de barras"), required=False, default=True)

    class Meta:
        icon = "table"
        label = _("Tabla de resultados")
        template = "votaciones/results/block_table.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        parent_context = parent_context or {}
        items = parent_context.get("results_items")
        territory = value.get("territory")
        if items is not None and territory is not None:
            items = [item for item in items if item.territory.pk == territory.pk]
        context["items"] = items
        context["hide_chart"] = not value.get("show_chart")
        context["missing_territory"] = territory is not None and items is not None and not items
        return context


class ResultsStreamBlock(ContentStreamBlock):
    results_table = ResultsTableBlock()

    class Meta:
        label = _("Contenido")
