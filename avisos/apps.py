from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AvisosConfig(AppConfig):
    """Notifications: follows, events, the in-site list, batched emails, staff messages."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "avisos"
    verbose_name = _("Avisos")

    def ready(self):
        from . import receivers, routes  # noqa: F401  (connects the signals, registers the sections)
        from .personal_data import register as register_personal_data

        register_personal_data()
        routes.register()
