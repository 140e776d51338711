from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BancoConfig(AppConfig):
    """The project bank: search over every proposal, execution monitoring, statistics, open data."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "banco"
    verbose_name = _("Banco de proyectos")

    def ready(self):
        from .personal_data import register as register_personal_data  # noqa: PLC0415

        register_personal_data()
        from . import signals  # noqa: F401
