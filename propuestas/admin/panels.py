"""The moderators' dashboard panel: proposals waiting for review, per call."""

from django.db.models import Count
from django.urls import reverse
from wagtail.admin.ui.components import Component

from ..lifecycle import State
from ..models import Proposal
from .viewsets import proposal_viewset


class ReviewQueuePanel(Component):
    """Dashboard panel for moderators: proposals waiting for review, per call."""

    name = "proposals_to_review"
    order = 80
    template_name = "propuestas/admin/review_panel.html"

    def get_context_data(self, parent_context):
        rows = (
            Proposal.objects.filter(status=State.SUBMITTED, call__isnull=False)
            .values("call_id", "call__title")
            .annotate(count=Count("pk"))
            .order_by("-count", "call__title")
        )
        index_url = reverse(proposal_viewset.get_url_name("index"))
        return {
            "rows": [
                {
                    "title": row["call__title"],
                    "count": row["count"],
                    "url": f"{index_url}?call={row['call_id']}&status={State.SUBMITTED.value}",
                }
                for row in rows
            ],
            "index_url": f"{index_url}?status={State.SUBMITTED.value}",
        }
