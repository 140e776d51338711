from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicadoresConfig(AppConfig):
    """The territory's indicators: catalogue, values over time, monitors, territory fact sheets
    and the indicators a project means to move (SESP impact).

    It sits above `propuestas` and adds the «Impacto esperado» section to a proposal's page
    through `propuestas.extensions`."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "indicadores"
    verbose_name = _("Indicadores")

    def ready(self):
        from . import exports, selectors  # noqa: PLC0415
        from .extensions import register  # noqa: PLC0415
        from .models import READERS  # noqa: PLC0415

        READERS.monitor_sections = selectors.monitor_sections
        READERS.fact_sheet = selectors.fact_sheet
        READERS.monitor_download = exports.monitor_response
        READERS.formats = exports.FORMATS
        register()
