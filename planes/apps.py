from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanesConfig(AppConfig):
    """The development plans in force and the alignment of the bank's projects with them.

    It sits above `propuestas` (the projects it aligns) and below `evaluacion` (which shows the
    alignment to evaluators) and `banco` (the bank's plan filter, the API). From `ready()` it adds
    the alignment section to a proposal's page.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "planes"
    verbose_name = _("Planes de desarrollo")

    def ready(self):
        from .extensions import register  # noqa: PLC0415

        register()
