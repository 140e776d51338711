"""What every screen of the evaluation admin shares: the URL namespace, the base view (on
`portal.admin.views.StaffView`) and the mixins of the screens about one call or one proposal."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from convocatorias.models import CallPage
from convocatorias.money import format_money
from portal.admin.views import StaffView

from .. import selectors
from .. import services as evaluation

PAGE_SIZE = 50
NS = "evaluacion"


def url(name, *args):
    return reverse(f"{NS}:{name}", args=args)


def apply_errors(form, error):
    """Put a service's ValidationError on the form's fields (or the form as a whole)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for item in errors:
                form.add_error(name if name in form.fields else None, item)
    else:
        for message in error.messages:
            form.add_error(None, message)


def money(amount, call):
    return "—" if amount is None else format_money(amount, call.currency)


class EvaluationView(StaffView, TemplateView):
    """A page of the evaluation admin. Coordinators only unless `coordinator_only` is False (the
    evaluator's screens check what is theirs themselves)."""

    header_icon = "tasks"
    coordinator_only = True
    section_label = gettext_lazy("Evaluación técnica")

    def has_access(self, user):
        return evaluation.is_coordinator(user) if self.coordinator_only else True

    def get_section_url(self):
        return url("index") if evaluation.is_coordinator(self.request.user) else url("mine")


class CallMixin:
    def setup_objects(self, **kwargs):
        self.call = get_object_or_404(CallPage, pk=kwargs["call_id"])

    def get_page_subtitle(self):
        return self.call.title

    def get_parents(self):
        return [(self.call.title, url("call", self.call.pk))]


class ProposalMixin:
    """Views of one proposal's evaluation: the proposal with everything its sheet shows."""

    def setup_objects(self, **kwargs):
        self.proposal = selectors.proposal_for_sheet(kwargs["pk"])
        if self.proposal is None:
            raise Http404

    def get_page_subtitle(self):
        return self.proposal.title
