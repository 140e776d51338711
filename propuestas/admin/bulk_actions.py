"""The review actions in bulk, from the listing's checkboxes (or "all in listing"): moderators
only, one reason for all; what a service refuses is reported per proposal and changes nothing
for it."""

from django.contrib.admin.utils import quote
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext
from wagtail.admin import messages
from wagtail.admin.views.bulk_action import BulkAction

from .. import services
from ..models import Proposal
from .actions import ACTIONS, ReasonForm, label, require_moderator, review_queryset
from .views import filter_listing
from .viewsets import proposal_viewset


class ProposalBulkAction(BulkAction):
    """Base for the review bulk actions: moderators only; one reason for all the proposals."""

    models = [Proposal]
    template_name = "propuestas/admin/bulk_review.html"
    review_action = None  # a ReviewAction

    def __init__(self, request, model):
        super().__init__(request, model)
        self.refused = []

    def dispatch(self, request, *args, **kwargs):
        require_moderator(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self):
        return ReasonForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "action": self.review_action}

    @classmethod
    def get_queryset(cls, model, object_ids):
        if not isinstance(object_ids, list):  # "all in listing": already a queryset of ids
            return list(review_queryset().filter(pk__in=object_ids))
        ids = [int(value) for value in object_ids if str(value).isdigit()]
        proposals = list(review_queryset().filter(pk__in=ids))
        if not proposals:
            raise Http404
        return proposals

    def get_all_objects_in_listing_query(self, parent_id):
        return filter_listing(review_queryset(), self.request).values_list("pk", flat=True)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            review_action=self.review_action,
            header_icon=proposal_viewset.icon,
            action_button_class="serious" if "serious" in self.classes else "",
            **kwargs,
        )

    def object_context(self, obj):
        inspect_url = reverse(proposal_viewset.get_url_name("inspect"), args=(quote(obj.pk),))
        return {"item": obj, "inspect_url": inspect_url}

    def get_execution_context(self):
        return {"view": self, "reason": self.cleaned_form.cleaned_data["reason"]}

    @classmethod
    def execute_action(cls, objects, view=None, reason="", **kwargs):
        done = 0
        for proposal in objects:
            try:
                cls.review_action.perform(proposal=proposal, user=view.request.user, reason=reason)
            except services.ActionRefused as refusal:
                view.refused.append((proposal, refusal.message))
            else:
                done += 1
        return done, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        for proposal, message in self.refused:
            messages.error(
                self.request,
                gettext("%(reference)s: %(message)s") % {"reference": label(proposal), "message": message},
            )
        if not num_parent_objects:
            return None
        return self.review_action.done_many % {"count": num_parent_objects}


def _bulk_action(action, priority, classes=()):
    return type(
        f"{action.name.capitalize()}ProposalsBulkAction",
        (ProposalBulkAction,),
        {
            "display_name": action.label,
            "action_type": f"review_{action.name}",
            "aria_label": action.bulk_label,
            "action_priority": priority,
            "classes": set(classes),
            "review_action": action,
        },
    )


AdmitProposalsBulkAction = _bulk_action(ACTIONS["admit"], 10)
RejectProposalsBulkAction = _bulk_action(ACTIONS["reject"], 20, {"serious"})
HideProposalsBulkAction = _bulk_action(ACTIONS["hide"], 30, {"serious"})
ShowProposalsBulkAction = _bulk_action(ACTIONS["show"], 40)

#: What `wagtail_hooks` registers, in the order of their buttons.
BULK_ACTIONS = (AdmitProposalsBulkAction, RejectProposalsBulkAction, HideProposalsBulkAction, ShowProposalsBulkAction)
