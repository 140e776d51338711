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
        from .extensions import register  # noqa: PLC0415

        register()
