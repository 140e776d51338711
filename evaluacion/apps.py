from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluacionConfig(AppConfig):
    """The technical evaluation (SESP): criteria, assignments, scores, decisions and sheets.

    It sits above `propuestas` and fills in its extension points here: the public evaluation
    sheet's URLs, the evaluation section of a proposal's page and its staff records among the
    sources of personal data. `propuestas` never imports this app.
    """

    name = "evaluacion"
    verbose_name = _("Evaluación técnica")

    def ready(self):
        from .extensions import register  # noqa: PLC0415

        register()
