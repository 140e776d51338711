from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PropuestasConfig(AppConfig):
    """Proposals, groups, supports, comments and staff review; the apps above add to a proposal's
    pages through `extensions`."""

    name = "propuestas"
    verbose_name = _("Propuestas")

    def ready(self):
        from .personal_data import register as register_personal_data  # noqa: PLC0415

        register_personal_data()
        from .comments import connect_signals  # noqa: PLC0415

        connect_signals()
        from convocatorias import routes  # noqa: PLC0415

        from . import views  # noqa: PLC0415

        routes.register("propuestas/", "proposals", views.proposal_list)
        routes.register("propuestas/nueva/", "new_proposal", views.proposal_create)
        routes.register("propuestas/rss/", "proposals_feed", views.CallProposalsFeed())
