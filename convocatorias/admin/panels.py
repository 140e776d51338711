"""The admin dashboard's panel of calls."""

from django.utils import timezone
from wagtail.admin.ui.components import Component

from ..models import CallPage
from ..selectors import with_schedule


class CallsPhasePanel(Component):
    """Dashboard panel: every call with the phase it is in and what it enables right now."""

    name = "calls_phases"
    order = 90
    template_name = "convocatorias/admin/calls_panel.html"

    def get_context_data(self, parent_context):
        now = timezone.now()
        user = parent_context["request"].user
        rows = []
        for call in with_schedule(CallPage.objects.order_by("-latest_revision_created_at", "pk"))[:20]:
            phase = call.current_phase(now)
            rows.append(
                {
                    "call": call,
                    # Staff who may not edit the call (evaluators, moderators, facilitators) get its
                    # public page, or no link, never a page the admin would refuse them.
                    "editable": call.permissions_for_user(user).can_edit(),
                    "phase": phase,
                    "next_phase": call.next_phase(now),
                    "status": call.status(now),
                }
            )
        return {"rows": rows, "now": now}
