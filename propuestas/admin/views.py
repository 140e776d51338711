"""The staff review screens of the proposals viewset (`viewsets`): the listing with its filters
and bulk-action checkboxes, the inspect page with the whole proposal and its history, and the
page of one review action (GET asks for the reason, POST does it)."""

import django_filters
from django.contrib.admin.utils import quote
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import BooleanRadioSelect
from wagtail.admin.widgets.button import Button, HeaderButton

from convocatorias.models import CallPage, CallPhase, Territory, Theme
from convocatorias.money import format_money

from .. import rules, services
from ..lifecycle import State
from ..models import Proposal, ProposalEvent
from .actions import ACTIONS, ReasonForm, label, require_moderator, review_queryset

SEARCH_FIELDS = ["title", "summary", "reference"]


class ReviewActionView(WagtailAdminTemplateMixin, FormView):
    """Admit, reject, hide or show one proposal: GET asks (with the reason), POST does it."""

    template_name = "propuestas/admin/review_action.html"
    header_icon = "doc-full"
    action = None  # a ReviewAction
    inspect_url_name = None
    index_url_name = None
    _show_breadcrumbs = True

    def dispatch(self, request, *args, **kwargs):
        require_moderator(request.user)
        self.object = get_object_or_404(review_queryset(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return self.action.label

    def get_page_subtitle(self):
        return str(self.object)

    @cached_property
    def inspect_url(self):
        return reverse(self.inspect_url_name, args=(quote(self.object.pk),))

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": _("Propuestas")},
            {"url": self.inspect_url, "label": str(self.object)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "action": self.action}

    def get_form_class(self):
        return ReasonForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            object=self.object, action=self.action, cancel_url=self.inspect_url, **kwargs
        )

    def form_valid(self, form):
        try:
            proposal = self.action.perform(
                proposal=self.object, user=self.request.user, reason=form.cleaned_data["reason"]
            )
        except services.ActionRefused as refusal:
            form.add_error(None, refusal.message)
            return self.render_to_response(self.get_context_data(form=form), status=409)
        messages.success(self.request, self.action.done_one % {"reference": label(proposal)})
        return redirect(self.inspect_url)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


# --- Listing -----------------------------------------------------------------------------------


class ProposalFilterSet(WagtailFilterSet):
    call = django_filters.ModelChoiceFilter(
        label=_("Convocatoria"), queryset=CallPage.objects.order_by("title", "pk")
    )
    theme = django_filters.ModelChoiceFilter(label=_("Eje temático"), queryset=Theme.objects.order_by("name"))
    territory = django_filters.ModelChoiceFilter(
        label=_("Territorio"), queryset=Territory.objects.order_by("name", "pk")
    )
    status = django_filters.ChoiceFilter(
        label=_("Estado"),
        choices=[choice for choice in Proposal.Status.choices if choice[0] != State.DRAFT],
        empty_label=_("Todos"),
    )
    hidden = django_filters.BooleanFilter(label=_("Oculta por moderación"), widget=BooleanRadioSelect)

    class Meta:
        model = Proposal
        fields = ["call", "theme", "territory", "status", "hidden"]


def filter_listing(queryset, request):
    """The same filters and search the listing applies (for "select all in listing")."""
    filterset = ProposalFilterSet(data=request.GET, queryset=queryset, request=request)
    if filterset.is_valid():
        queryset = filterset.qs
    query = (request.GET.get("q") or "").strip()
    if query:
        condition = Q()
        for field in SEARCH_FIELDS:
            condition |= Q(**{f"{field}__icontains": query})
        queryset = queryset.filter(condition)
    return queryset


class ProposalIndexView(generic.IndexView):
    """The review queue. Per-row buttons depend only on the row (no extra queries)."""

    page_title = _("Propuestas")
    any_permission_required = ["view", "change"]

    def get_base_queryset(self):
        return review_queryset()

    @cached_property
    def columns(self):
        columns = super().columns
        if self.can_review:
            columns = [BulkActionsCheckboxColumn("bulk_actions", obj_type="proposal"), *columns]
        return columns

    def _get_title_column(self, field_name, column_class=TitleColumn, **kwargs):
        return super()._get_title_column(
            field_name,
            column_class,
            get_title_id=lambda instance: f"proposal_{quote(instance.pk)}_title",
            **kwargs,
        )

    @cached_property
    def can_review(self):
        return rules.is_moderator(self.request.user)

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.can_review:
            for priority, action in enumerate(ACTIONS.values(), start=30):
                if action.applies_to(instance):
                    buttons.append(
                        Button(
                            action.label,
                            url=reverse(f"{self.viewset_namespace}:{action.name}", args=(quote(instance.pk),)),
                            icon_name=action.icon,
                            priority=priority,
                        )
                    )
        return buttons

    @property
    def viewset_namespace(self):
        return self.index_url_name.split(":")[0]

    def get_context_data(self, *args, **kwargs):
        return {**super().get_context_data(*args, **kwargs), "can_review": self.can_review}


class StatusColumn(Column):
    def get_value(self, instance):
        return instance.get_status_display()



# --- Inspect -----------------------------------------------------------------------------------


class ProposalInspectView(generic.InspectView):
    """The whole proposal, its attachments and its history, with the moderator's actions."""

    template_name = "propuestas/admin/inspect.html"
    any_permission_required = ["view", "change"]
    page_title = _("Revisar propuesta")

    def get_object(self, queryset=None):
        events = ProposalEvent.objects.select_related("actor").order_by("created_at", "pk")
        return get_object_or_404(
            review_queryset()
            .select_related("author", "group")
            .prefetch_related(
                "images",
                "documents",
                Prefetch("events", queryset=events, to_attr="history"),
                Prefetch("call__phases", queryset=CallPhase.objects.all()),
            ),
            pk=self.pk,
        )

    def get_fields(self):
        return []

    @cached_property
    def can_review(self):
        return rules.is_moderator(self.request.user)

    @cached_property
    def available_actions(self):
        """(action, url) for what a moderator may offer on this proposal now."""
        if not self.can_review:
            return []
        namespace = self.index_url_name.split(":")[0]
        return [
            (action, reverse(f"{namespace}:{action.name}", args=(quote(self.object.pk),)))
            for action in ACTIONS.values()
            if action.applies_to(self.object)
        ]

    @cached_property
    def header_more_buttons(self):
        return [
            Button(action.label, url=url, icon_name=action.icon, priority=index)
            for index, (action, url) in enumerate(self.available_actions)
        ]

    @cached_property
    def header_buttons(self):
        return [HeaderButton(_("Ver en el sitio"), url=self.object.get_absolute_url(), icon_name="link-external")]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        proposal = self.object
        context.update(
            proposal=proposal,
            history=proposal.history,
            cost=format_money(proposal.estimated_cost, proposal.currency),
            review_open=proposal.call_id is not None and rules.review_open(proposal.call),
            can_review=self.can_review,
            actions=[{"action": action, "url": url} for action, url in self.available_actions],
        )
        return context
