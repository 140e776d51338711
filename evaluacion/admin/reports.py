"""The evaluation's reports in the Wagtail admin (coordinators): progress per call and the
scored proposals, both listed and exported (CSV, XLSX) by Wagtail's `ReportView`."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from convocatorias.models import CallPage, Territory, Theme
from propuestas.models import Proposal

from .. import selectors
from .. import services as evaluation
from .base import NS, PAGE_SIZE, money, url


class CoordinatorReportMixin:
    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        if not evaluation.is_coordinator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class LinkColumn(Column):
    """A column whose cell links somewhere (get_url(instance))."""

    cell_template_name = "wagtailadmin/tables/title_cell.html"

    def __init__(self, *args, get_url, **kwargs):
        super().__init__(*args, **kwargs)
        self._get_url = get_url

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        link_url = self._get_url(instance)
        # Wagtail's title cell writes the link from link_attrs (without it, an <a> with no href).
        context["link_url"] = link_url
        context["link_attrs"] = {"href": link_url}
        return context


class ProgressReportView(CoordinatorReportMixin, ReportView):
    page_title = gettext_lazy("Avance de la evaluación técnica")
    index_url_name = f"{NS}:report_progress"
    index_results_url_name = f"{NS}:report_progress_results"
    export_filename = "avance-evaluacion"
    paginate_by = PAGE_SIZE
    columns = [
        LinkColumn("title", label=gettext_lazy("Convocatoria"), get_url=lambda call: url("call", call.pk)),
        Column("assigned", label=gettext_lazy("Asignadas")),
        Column("submitted", label=gettext_lazy("Enviadas")),
        Column("overdue", label=gettext_lazy("Vencidas")),
        Column("decided", label=gettext_lazy("Decididas")),
        Column("published", label=gettext_lazy("Publicadas")),
    ]
    list_export = ["title", "assigned", "submitted", "overdue", "decided", "published"]
    export_headings = {
        "title": gettext_lazy("Convocatoria"),
        "assigned": gettext_lazy("Asignadas"),
        "submitted": gettext_lazy("Enviadas"),
        "overdue": gettext_lazy("Vencidas"),
        "decided": gettext_lazy("Decididas"),
        "published": gettext_lazy("Publicadas"),
    }

    def get_queryset(self):
        return selectors.progress_by_call()


class ScoredFilterSet(WagtailFilterSet):
    call = django_filters.ModelChoiceFilter(label=gettext_lazy("Convocatoria"), queryset=CallPage.objects.order_by("title", "pk"))
    territory = django_filters.ModelChoiceFilter(label=gettext_lazy("Territorio"), queryset=Territory.objects.order_by("name", "pk"))
    theme = django_filters.ModelChoiceFilter(label=gettext_lazy("Eje temático"), queryset=Theme.objects.order_by("name"))

    class Meta:
        model = Proposal
        fields = ["call", "territory", "theme"]


def decision_label(proposal):
    decision = selectors.decision_of(proposal)
    if decision is None:
        return _("Sin decisión")
    label = _("Viable") if decision.viable else _("No viable")
    return label if decision.published_at else _("%(label)s (sin publicar)") % {"label": label}


def mean_label(proposal):
    """The mean score with one decimal in the reader's format ("62,5" in Spanish)."""
    return "—" if proposal.mean_score is None else number_format(proposal.mean_score, 1)


def validated_cost_of(proposal):
    decision = selectors.decision_of(proposal)
    return decision.validated_cost if decision and decision.viable else None


class ScoredReportView(CoordinatorReportMixin, ReportView):
    page_title = gettext_lazy("Propuestas puntuadas")
    index_url_name = f"{NS}:report_scored"
    index_results_url_name = f"{NS}:report_scored_results"
    export_filename = "propuestas-puntuadas"
    filterset_class = ScoredFilterSet
    paginate_by = PAGE_SIZE
    columns = [
        LinkColumn("title", label=gettext_lazy("Propuesta"), get_url=lambda p: url("decision", p.pk)),
        Column("reference", label=gettext_lazy("Referencia")),
        Column("territory", label=gettext_lazy("Territorio")),
        Column("theme", label=gettext_lazy("Eje temático")),
        Column("submitted", label=gettext_lazy("Evaluaciones enviadas")),
        Column("mean", label=gettext_lazy("Puntuación media"), accessor=mean_label),
        Column("decision", label=gettext_lazy("Decisión"), accessor=decision_label),
        Column("validated_cost", label=gettext_lazy("Costo validado"), accessor=lambda p: money(validated_cost_of(p), p.call)),
    ]
    list_export = ["reference", "title", "call", "territory", "theme", "evaluators", "submitted", "mean", "decision", "validated_cost"]
    export_headings = {
        "reference": gettext_lazy("Referencia"),
        "title": gettext_lazy("Propuesta"),
        "call": gettext_lazy("Convocatoria"),
        "territory": gettext_lazy("Territorio"),
        "theme": gettext_lazy("Eje temático"),
        "evaluators": gettext_lazy("Personas evaluadoras"),
        "submitted": gettext_lazy("Evaluaciones enviadas"),
        "mean": gettext_lazy("Puntuación media"),
        "decision": gettext_lazy("Decisión"),
        "validated_cost": gettext_lazy("Costo validado"),
    }

    def get_queryset(self):
        return Proposal.objects.all()

    def get_filtered_queryset(self):
        return selectors.scored_proposals(proposals=self.filter_queryset(self.get_queryset()))

    def to_row_dict(self, item):
        return {
            "reference": item.reference,
            "title": item.title,
            "call": item.call.title,
            "territory": str(item.territory),
            "theme": str(item.theme),
            "evaluators": item.evaluators,
            "submitted": item.submitted,
            "mean": None if item.mean_score is None else round(item.mean_score, 1),
            "decision": decision_label(item),
            "validated_cost": validated_cost_of(item),
        }
