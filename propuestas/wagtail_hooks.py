"""Staff review of proposals in the Wagtail admin.

A read-only viewset ("Propuestas"): a listing with filters (call, theme, territory, status,
hidden), search and bulk actions, and an inspect page with the whole proposal and its history.
Moderators (`propuestas.review_proposal`) admit, reject, hide and show proposals one by one or in
bulk; every action goes through `services`, so the history is recorded and the author emailed,
and whatever a service refuses is reported per proposal and changes nothing for it. Nobody edits
a citizen's text here and nobody adds proposals: there are no add, edit, copy or delete views.
"""

from dataclasses import dataclass

import django_filters
from django import forms
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django.views.generic import FormView
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import BooleanColumn, BulkActionsCheckboxColumn, Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.bulk_action import BulkAction
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import BooleanRadioSelect
from wagtail.admin.widgets.button import Button, HeaderButton

from convocatorias.models import CallPage, CallPhase, Territory, Theme
from convocatorias.money import format_money

from . import admin_comments  # noqa: F401  (comment moderation registers its own hooks)
from . import rules, services
from .lifecycle import State
from .models import Proposal, ProposalEvent

REASON_MAX_LENGTH = 2000
SEARCH_FIELDS = ["title", "summary", "reference"]


def review_queryset():
    """What the staff listing and actions work on: everything sent (drafts stay private)."""
    return Proposal.objects.exclude(status=State.DRAFT).select_related("call", "theme", "territory")


# --- The actions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewAction:
    """One thing a moderator does to a proposal, through the service that records and notifies."""

    name: str
    label: str
    verb: str  # what the confirmation page asks
    bulk_label: str  # what the bulk button says to screen readers
    reason_label: str
    reason_required: bool
    done_one: str  # success message for one proposal: %(reference)s
    done_many: str  # ngettext_lazy with %(count)d
    icon: str

    def applies_to(self, proposal):
        """Worth offering a button for (the service still decides, with a reason if it refuses)."""
        if self.name in ("admit", "reject"):
            return proposal.status == State.SUBMITTED
        if self.name == "hide":
            return not proposal.hidden
        return proposal.hidden

    def perform(self, *, proposal, user, reason):
        if self.name == "admit":
            return services.admit_proposal(proposal=proposal, user=user, reason=reason)
        if self.name == "reject":
            return services.reject_proposal(proposal=proposal, user=user, reason=reason)
        if self.name == "hide":
            if proposal.hidden:
                raise services.ActionRefused(_("La propuesta ya está oculta."), "invalid_state")
            return services.set_hidden(proposal=proposal, user=user, hidden=True, reason=reason)
        if not proposal.hidden:
            raise services.ActionRefused(_("La propuesta no está oculta."), "invalid_state")
        return services.set_hidden(proposal=proposal, user=user, hidden=False, reason=reason)


ACTIONS = {
    action.name: action
    for action in (
        ReviewAction(
            name="admit",
            bulk_label=_("Admitir las propuestas seleccionadas"),
            label=_("Admitir"),
            verb=_("¿Admitir estas propuestas?"),
            reason_label=_("Nota para la persona autora (opcional)"),
            reason_required=False,
            done_one=_("Propuesta %(reference)s admitida."),
            done_many=ngettext_lazy(
                "%(count)d propuesta admitida.", "%(count)d propuestas admitidas.", "count"
            ),
            icon="check",
        ),
        ReviewAction(
            name="reject",
            bulk_label=_("No admitir las propuestas seleccionadas"),
            label=_("No admitir"),
            verb=_("¿No admitir estas propuestas?"),
            reason_label=_("Motivo (obligatorio: la persona autora lo verá)"),
            reason_required=True,
            done_one=_("Propuesta %(reference)s no admitida."),
            done_many=ngettext_lazy(
                "%(count)d propuesta no admitida.", "%(count)d propuestas no admitidas.", "count"
            ),
            icon="cross",
        ),
        ReviewAction(
            name="hide",
            bulk_label=_("Ocultar las propuestas seleccionadas"),
            label=_("Ocultar"),
            verb=_("¿Ocultar estas propuestas de las listas públicas?"),
            reason_label=_("Motivo (obligatorio: se mostrará en la página de la propuesta)"),
            reason_required=True,
            done_one=_("Propuesta %(reference)s ocultada."),
            done_many=ngettext_lazy(
                "%(count)d propuesta ocultada.", "%(count)d propuestas ocultadas.", "count"
            ),
            icon="view",
        ),
        ReviewAction(
            name="show",
            bulk_label=_("Mostrar de nuevo las propuestas seleccionadas"),
            label=_("Mostrar de nuevo"),
            verb=_("¿Mostrar de nuevo estas propuestas?"),
            reason_label=_("Nota (opcional)"),
            reason_required=False,
            done_one=_("Propuesta %(reference)s visible de nuevo."),
            done_many=ngettext_lazy(
                "%(count)d propuesta visible de nuevo.", "%(count)d propuestas visibles de nuevo.", "count"
            ),
            icon="view",
        ),
    )
}

REASON_REQUIRED_MESSAGES = {
    "reject": _("Escriba el motivo: la persona autora lo verá."),
    "hide": _("Escriba el motivo de la ocultación: se mostrará en la página."),
}


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("El motivo admite como máximo %(limit_value)d caracteres.")},
    )

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.label = action.reason_label
        field.required = action.reason_required
        if action.reason_required:
            field.error_messages["required"] = REASON_REQUIRED_MESSAGES[action.name]

    def clean_reason(self):
        return (self.cleaned_data.get("reason") or "").strip()


def _label(proposal):
    return proposal.reference or proposal.title


def _require_moderator(user):
    if not rules.is_moderator(user):
        raise PermissionDenied


class ReviewActionView(WagtailAdminTemplateMixin, FormView):
    """Admit, reject, hide or show one proposal: GET asks (with the reason), POST does it."""

    template_name = "propuestas/admin/review_action.html"
    header_icon = "doc-full"
    action = None  # a ReviewAction
    inspect_url_name = None
    index_url_name = None
    _show_breadcrumbs = True

    def dispatch(self, request, *args, **kwargs):
        _require_moderator(request.user)
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
        messages.success(self.request, self.action.done_one % {"reference": _label(proposal)})
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
            cost=format_money(proposal.estimated_cost, proposal.call.currency),
            review_open=rules.review_open(proposal.call),
            can_review=self.can_review,
            actions=[{"action": action, "url": url} for action, url in self.available_actions],
        )
        return context


# --- The viewset -------------------------------------------------------------------------------


class ProposalViewSet(ModelViewSet):
    model = Proposal
    name = "revision_propuestas"
    url_prefix = "propuestas"
    icon = "doc-full"
    menu_label = _("Propuestas")
    menu_order = 250
    add_to_admin_menu = True
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = ProposalIndexView
    index_template_name = "propuestas/admin/index.html"
    inspect_view_class = ProposalInspectView
    filterset_class = ProposalFilterSet
    search_fields = SEARCH_FIELDS
    search_backend_name = None  # the database: reference is not in the search index
    list_per_page = 50
    ordering = ["-submitted_at", "-pk"]
    list_display = [
        "title",
        Column("reference", label=_("Referencia"), sort_key="reference"),
        Column("call", label=_("Convocatoria")),
        Column("territory", label=_("Territorio")),
        Column("theme", label=_("Eje temático")),
        StatusColumn("status", label=_("Estado"), sort_key="status"),
        BooleanColumn("hidden", label=_("Oculta"), sort_key="hidden"),
        Column("supports_count", label=_("Apoyos"), sort_key="supports_count"),
        DateColumn("submitted_at", label=_("Enviada"), sort_key="submitted_at"),
    ]
    list_export = [
        "reference",
        "title",
        "call",
        "territory",
        "theme",
        "get_status_display",
        "hidden",
        "supports_count",
        "submitted_at",
    ]
    export_headings = {
        "reference": _("Referencia"),
        "title": _("Título"),
        "call": _("Convocatoria"),
        "territory": _("Territorio"),
        "theme": _("Eje temático"),
        "get_status_display": _("Estado"),
        "hidden": _("Oculta"),
        "supports_count": _("Apoyos"),
        "submitted_at": _("Enviada"),
    }

    def get_common_view_kwargs(self, **kwargs):
        # Citizens write proposals: no add, edit, copy or delete views here.
        return {
            **super().get_common_view_kwargs(**kwargs),
            "add_url_name": None,
            "edit_url_name": None,
            "delete_url_name": None,
            "history_url_name": None,
            "usage_url_name": None,
        }

    def get_index_view_kwargs(self, **kwargs):
        kwargs = super().get_index_view_kwargs(**kwargs)
        kwargs.pop("copy_url_name", None)
        return kwargs

    def action_view(self, name):
        return ReviewActionView.as_view(
            action=ACTIONS[name],
            inspect_url_name=self.get_url_name("inspect"),
            index_url_name=self.get_url_name("index"),
        )

    @property
    def url_finder_class(self):
        namespace = self.url_namespace

        class ProposalURLFinder(ModelAdminURLFinder):
            """Staff open a proposal on its review page (there is no edit view)."""

            def construct_edit_url(self, instance):
                return reverse(f"{namespace}:inspect", args=(quote(instance.pk),))

            def get_edit_url(self, instance):
                if self.user and not self.user.has_perm("propuestas.view_proposal"):
                    return None
                return self.construct_edit_url(instance)

        return ProposalURLFinder

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            *[path(f"{name}/<int:pk>/", self.action_view(name), name=name) for name in ACTIONS],
        ]


proposal_viewset = ProposalViewSet()


@hooks.register("register_admin_viewset")
def register_proposal_viewset():
    return proposal_viewset


# --- Bulk actions ------------------------------------------------------------------------------


class ProposalBulkAction(BulkAction):
    """Base for the review bulk actions: moderators only; one reason for all the proposals."""

    models = [Proposal]
    template_name = "propuestas/admin/bulk_review.html"
    review_action = None  # a ReviewAction

    def __init__(self, request, model):
        super().__init__(request, model)
        self.refused = []

    def dispatch(self, request, *args, **kwargs):
        _require_moderator(request.user)
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
                gettext("%(reference)s: %(message)s") % {"reference": _label(proposal), "message": message},
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

for _action_class in (
    AdmitProposalsBulkAction,
    RejectProposalsBulkAction,
    HideProposalsBulkAction,
    ShowProposalsBulkAction,
):
    hooks.register("register_bulk_action", _action_class)


# --- Dashboard ---------------------------------------------------------------------------------


class ReviewQueuePanel(Component):
    """Dashboard panel for moderators: proposals waiting for review, per call."""

    name = "proposals_to_review"
    order = 80
    template_name = "propuestas/admin/review_panel.html"

    def get_context_data(self, parent_context):
        rows = (
            Proposal.objects.filter(status=State.SUBMITTED)
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


@hooks.register("construct_homepage_panels")
def add_review_queue_panel(request, panels):
    if rules.is_moderator(request.user):
        panels.append(ReviewQueuePanel())


from . import admin_comments  # noqa: E402, F401  (comment moderation screens register their hooks)


# --- Technical evaluation (SESP) ---------------------------------------------------------------
# The screens live in `evaluation_admin`; this registers them (URLs, menu, reports, dashboard).

from django.urls import include  # noqa: E402
from wagtail.admin.menu import MenuItem, SubmenuMenuItem  # noqa: E402
from wagtail.admin.menu import Menu  # noqa: E402

from . import evaluation as _evaluation  # noqa: E402
from . import evaluation_admin  # noqa: E402


@hooks.register("register_admin_urls")
def register_evaluation_urls():
    return [path("evaluacion/", include((evaluation_admin.urlpatterns(), evaluation_admin.NS), namespace=evaluation_admin.NS))]


class _CoordinatorMenuItem(MenuItem):
    def is_shown(self, request):
        return _evaluation.is_coordinator(request.user)


class _EvaluatorMenuItem(MenuItem):
    def is_shown(self, request):
        return evaluation_admin.is_evaluator(request.user)


class _EvaluationSubmenu(SubmenuMenuItem):
    def is_shown(self, request):
        return evaluation_admin.is_evaluator(request.user)


@hooks.register("register_admin_menu_item")
def register_evaluation_menu():
    submenu = Menu(
        items=[
            _EvaluatorMenuItem(_("Mis evaluaciones"), reverse("evaluacion:mine"), icon_name="form", order=10),
            _CoordinatorMenuItem(_("Convocatorias"), reverse("evaluacion:index"), icon_name="tasks", order=20),
            _CoordinatorMenuItem(_("Avance"), reverse("evaluacion:report_progress"), icon_name="list-ul", order=30),
            _CoordinatorMenuItem(_("Propuestas puntuadas"), reverse("evaluacion:report_scored"), icon_name="list-ol", order=40),
        ]
    )
    return _EvaluationSubmenu(_("Evaluación técnica"), submenu, icon_name="tasks", name="evaluacion", order=260)


@hooks.register("register_reports_menu_item")
def register_evaluation_progress_report():
    return _CoordinatorMenuItem(
        _("Avance de la evaluación técnica"), reverse("evaluacion:report_progress"), icon_name="tasks", order=800
    )


@hooks.register("register_reports_menu_item")
def register_evaluation_scored_report():
    return _CoordinatorMenuItem(
        _("Propuestas puntuadas"), reverse("evaluacion:report_scored"), icon_name="list-ol", order=810
    )


@hooks.register("construct_homepage_panels")
def add_pending_evaluations_panel(request, panels):
    evaluation_admin.homepage_panels(request, panels)
