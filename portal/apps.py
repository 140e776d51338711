from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from . import checks  # noqa: F401, PLC0415
        from .services import register_personal_data  # noqa: PLC0415

        register_personal_data()
