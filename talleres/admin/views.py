"""Staff screens «Ideas y proyectos»: pick ideas of a call, merge them into one formulated project,
split one into several or rewrite one; list the steps taken and revert them. Moderators (and
superusers) only: `propuestas.review_proposal`."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from convocatorias.models import CallPage, Territory
from portal.admin.views import StaffView as BaseStaffView
from portal.errors import ActionRefused
from propuestas.lifecycle import State
from propuestas.models import Proposal

from .. import services
from ..models import ProposalLineage

NS = "talleres_admin"
SHAPE = "propuestas.review_proposal"
IDEA_STATES = [State.SUBMITTED.value, State.ADMITTED.value]
MAX_PARTS = 5


class StaffView(BaseStaffView):
    permission = SHAPE
    header_icon = "resubmit"
    section_label = _("Ideas y proyectos")
    section_url_name = f"{NS}:ideas"


class ProjectForm(forms.Form):
    title = forms.CharField(label=_("Título del proyecto"), max_length=150)
    summary = forms.CharField(label=_("Resumen"), max_length=280, widget=forms.Textarea(attrs={"rows": 2}))
    problem = forms.CharField(label=_("Problema que atiende"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    solution = forms.CharField(label=_("Descripción del proyecto"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    theme = forms.ModelChoiceField(label=_("Eje temático"), queryset=None)
    territory = forms.ModelChoiceField(label=_("Territorio"), queryset=None)
    estimated_cost = forms.IntegerField(label=_("Costo"), min_value=0, max_value=10**15)
    beneficiaries_count = forms.IntegerField(label=_("Personas beneficiarias"), min_value=0, max_value=100_000_000, required=False)
    beneficiaries_description = forms.CharField(label=_("Quiénes se benefician"), max_length=300, required=False)

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = call.themes.all()
        self.fields["territory"].queryset = Territory.objects.filter(pk__in=call.territories.values("territory_id"))


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Motivo (queda en el historial)"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


def _call_of(request):
    try:
        pk = int(request.GET.get("convocatoria") or request.POST.get("convocatoria") or 0)
    except ValueError:
        pk = 0
    return CallPage.objects.filter(pk=pk).first() if pk else None


class IdeasView(StaffView, TemplateView):
    template_name = "talleres/admin/ideas.html"
    page_title = _("Ideas y proyectos")
    section_index = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        call = _call_of(self.request)
        context["calls"] = CallPage.objects.order_by("title").only("pk", "title")
        context["call"] = call
        if call is not None:
            context["ideas"] = (
                Proposal.objects.filter(call=call, status__in=IDEA_STATES)
                .select_related("territory", "workshop_origin__workshop", "workshop_origin__table")
                .order_by("territory__name", "reference", "pk")
            )
            context["steps"] = (
                ProposalLineage.objects.filter(result__call=call, reverted_at__isnull=True)
                .select_related("source", "result", "by")
                .order_by("-at", "result_id", "pk")
            )
        return context


class ShapeView(StaffView, TemplateView):
    """Merge (several ideas → one project), split (one idea → several) or rewrite (one → one)."""

    template_name = "talleres/admin/shape.html"
    parents = ()

    def setup_objects(self, **kwargs):
        self.kind = kwargs["kind"]
        if self.kind not in ProposalLineage.Kind.values:
            raise Http404
        data = self.request.POST if self.request.method == "POST" else self.request.GET
        ids = [int(value) for value in data.getlist("ideas") if value.isdigit()][:50]
        self.sources = list(Proposal.objects.filter(pk__in=ids).select_related("call", "theme", "territory").order_by("pk"))
        if not self.sources:
            raise Http404
        self.call = self.sources[0].call
        try:
            self.parts = min(max(int(data.get("partes") or 2), 2), MAX_PARTS) if self.kind == "split" else 1
        except ValueError:
            self.parts = 2

    def get_page_title(self):
        return {
            "merge": _("Fusionar ideas en un proyecto"),
            "split": _("Dividir una idea en proyectos"),
            "rewrite": _("Reformular una idea como proyecto"),
        }[self.kind]

    def get_parents(self):
        return [(self.call.title, reverse(f"{NS}:ideas") + f"?convocatoria={self.call.pk}")]

    def _forms(self, data=None):
        first = self.sources[0]
        initial = {
            "title": first.title,
            "summary": first.summary,
            "problem": "\n\n".join(source.problem for source in self.sources),
            "solution": "\n\n".join(source.solution for source in self.sources),
            "theme": first.theme_id,
            "territory": first.territory_id,
            "estimated_cost": sum(source.estimated_cost for source in self.sources),
            "beneficiaries_count": max(source.beneficiaries_count for source in self.sources),
            "beneficiaries_description": first.beneficiaries_description,
        }
        project_forms = [
            ProjectForm(data, call=self.call, prefix=f"p{index}", initial=initial) for index in range(self.parts)
        ]
        return project_forms, NoteForm(data)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "project_forms" not in kwargs:
            context["project_forms"], context["note_form"] = self._forms()
        context.update(kind=self.kind, sources=self.sources, call=self.call, parts=self.parts)
        return context

    def post(self, request, *args, **kwargs):
        project_forms, note_form = self._forms(request.POST)
        valid = all([form.is_valid() for form in project_forms]) and note_form.is_valid()
        if valid:
            note = note_form.cleaned_data["note"]
            try:
                if self.kind == "merge":
                    services.merge_ideas(sources=self.sources, data=project_forms[0].cleaned_data, by=request.user, note=note)
                elif self.kind == "split":
                    if len(self.sources) != 1:
                        raise ActionRefused(_("Se divide una idea a la vez."), "invalid")
                    services.split_idea(
                        source=self.sources[0], parts=[form.cleaned_data for form in project_forms], by=request.user, note=note
                    )
                else:
                    if len(self.sources) != 1:
                        raise ActionRefused(_("Se reformula una idea a la vez."), "invalid")
                    services.rewrite_idea(source=self.sources[0], data=project_forms[0].cleaned_data, by=request.user, note=note)
            except ActionRefused as refusal:
                messages.error(request, refusal.message)
            else:
                messages.success(request, _("Hecho: el paso queda registrado y se avisó a las personas autoras."))
                return redirect(reverse(f"{NS}:ideas") + f"?convocatoria={self.call.pk}")
        context = self.get_context_data(project_forms=project_forms, note_form=note_form)
        context["project_forms"], context["note_form"] = project_forms, note_form
        return self.render_to_response(context, status=400)


class RevertView(StaffView, TemplateView):
    template_name = "talleres/admin/revert.html"
    page_title = _("Revertir un paso")

    def setup_objects(self, **kwargs):
        self.result = Proposal.objects.filter(pk=kwargs["pk"]).select_related("call").first()
        if self.result is None:
            raise Http404
        self.steps = list(
            ProposalLineage.objects.filter(result=self.result, reverted_at__isnull=True).select_related("source")
        )

    def get_parents(self):
        return [(self.result.call.title, reverse(f"{NS}:ideas") + f"?convocatoria={self.result.call_id}")]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(result=self.result, steps=self.steps, form=kwargs.get("form") or NoteForm())
        return context

    def post(self, request, *args, **kwargs):
        form = NoteForm(request.POST)
        if form.is_valid():
            try:
                services.revert(result=self.result, by=request.user, note=form.cleaned_data["note"])
            except ActionRefused as refusal:
                messages.error(request, refusal.message)
            else:
                messages.success(request, _("Paso revertido: las ideas volvieron a su estado y el proyecto se retiró."))
                return redirect(reverse(f"{NS}:ideas") + f"?convocatoria={self.result.call_id}")
        return self.render_to_response(self.get_context_data(form=form), status=400)
