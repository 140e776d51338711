"""The evaluator's dashboard panel «Mis evaluaciones pendientes» (added by `wagtail_hooks`)."""

from django.utils import timezone
from wagtail.admin.ui.components import Component

from .. import services as evaluation
from .base import url

PANEL_ROWS = 10


class PendingEvaluationsPanel(Component):
    """Dashboard panel «Mis evaluaciones pendientes»: the evaluator's open assignments."""

    name = "my_pending_evaluations"
    order = 70
    template_name = "propuestas/evaluation/pending_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        pending = evaluation.pending_for(self.user)
        rows = list(pending[: PANEL_ROWS + 1])
        return {
            "rows": rows[:PANEL_ROWS],
            "more": len(rows) > PANEL_ROWS,
            "today": timezone.localdate(),
            "mine_url": url("mine"),
        }


def homepage_panels(request, panels):
    if evaluation.is_evaluator(request.user):
        panels.append(PendingEvaluationsPanel(request.user))
