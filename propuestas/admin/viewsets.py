"""The read-only «Propuestas» viewset of the Wagtail admin: listing, export and inspect, plus one
URL per review action; no add, edit, copy or delete views (citizens write proposals)."""

from django.contrib.admin.utils import quote
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet

from ..models import Proposal
from .actions import ACTIONS
from .views import SEARCH_FIELDS, ProposalFilterSet, ProposalIndexView, ProposalInspectView, ReviewActionView, StatusColumn


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
