from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BancoConfig(AppConfig):
    """The project bank: search over every proposal, execution monitoring, statistics, open data."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "banco"
    verbose_name = _("Banco de proyectos")

    def ready(self):
        from propuestas import extensions

        from . import execution, signals  # noqa: F401  (signals: connects the receivers)
        from .personal_data import register as register_personal_data
        from .search import similar_proposals

        register_personal_data()
        # The proposal's draft page suggests similar proposals from the bank's search.
        extensions.register_similar_search(similar_proposals)
        # "Mi participación" lists the projects the person follows.
        extensions.register_participation_section(
            "followed_projects",
            template_name="banco/execution/followed.html",
            context=lambda user: {"follows": execution.followed_projects(user)},
        )
