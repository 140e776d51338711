from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotacionesConfig(AppConfig):
    """Ballots, voting, workshop codes and results rules (later issues)."""

    name = "votaciones"
    verbose_name = _("Votaciones")
