from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerificacionConfig(AppConfig):
    """The census (padrón), verified residents and the verification desk. Beside `votaciones`:
    it fills the vote's `votaciones.electorate` interface, and the vote imports nothing of it."""

    name = "verificacion"
    verbose_name = _("Verificación")

    def ready(self):
        from django.urls import reverse

        from votaciones import electorate

        from . import checks  # noqa: F401  (registers the system checks)
        from .personal_data import register as register_personal_data
        from .services import resident_of

        electorate.register(resident_of, verify_url=lambda: reverse("verificacion:verify"))
        register_personal_data()
