"""The screens of the technical evaluation: thin views over `services` (writes) and `selectors`
(reads). Coordinators only unless the view says otherwise (the evaluator's screens: «Mis
evaluaciones», scoring one's own assignment, internal notes). Forms live in `forms`, reports in
`reports`, the shared base in `base`.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin import messages

from convocatorias.models import CallPage
from planes import selectors as plan_selectors
from planes import services as plan_services
from propuestas.models import Proposal
from portal.errors import ActionRefused

from .. import pdf, selectors
from .. import services as evaluation
from ..models import EvaluationAssignment, EvaluationCriterion
from .base import PAGE_SIZE, CallMixin, EvaluationView, ProposalMixin, apply_errors, money, url
from .forms import AssignForm, CandidateFilterForm, CriterionForm, DecisionForm, NoteForm, ScoringForm


# --- Calls -------------------------------------------------------------------------------------


class IndexView(EvaluationView):
    template_name = "propuestas/evaluation/index.html"
    page_title = gettext_lazy("Evaluación técnica: convocatorias")

    section_index = True

    def get_context_data(self, **kwargs):
        calls = Paginator(selectors.progress_by_call(only_active=False), PAGE_SIZE).get_page(self.request.GET.get("p"))
        return super().get_context_data(calls=calls, **kwargs)


class CallView(CallMixin, EvaluationView):
    """One call's evaluation: progress and links to every step."""

    template_name = "propuestas/evaluation/call.html"
    page_title = gettext_lazy("Evaluación de la convocatoria")

    def get_parents(self):
        return []

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            call=self.call, progress=evaluation.progress(self.call), criteria=list(self.call.criteria.all()), **kwargs
        )


# --- Criteria ----------------------------------------------------------------------------------


class CriteriaView(CallMixin, EvaluationView):
    template_name = "propuestas/evaluation/criteria.html"
    page_title = gettext_lazy("Criterios de evaluación")

    def get_context_data(self, **kwargs):
        return super().get_context_data(call=self.call, criteria=list(self.call.criteria.all()), **kwargs)

    def post(self, request, *args, **kwargs):
        """Create the default criteria (only when the call has none)."""
        if self.call.criteria.exists():
            messages.error(request, _("La convocatoria ya tiene criterios."))
        else:
            evaluation.ensure_default_criteria(self.call)
            messages.success(request, _("Se crearon los criterios por defecto."))
        return redirect(url("criteria", self.call.pk))


class CriterionEditView(EvaluationView):
    template_name = "propuestas/evaluation/criterion_form.html"

    def setup_objects(self, **kwargs):
        if "pk" in kwargs:
            self.criterion = get_object_or_404(EvaluationCriterion.objects.select_related("call"), pk=kwargs["pk"])
            self.call = self.criterion.call
        else:
            self.criterion = None
            self.call = get_object_or_404(CallPage, pk=kwargs["call_id"])

    def get_page_title(self):
        return _("Editar criterio") if self.criterion else _("Nuevo criterio")

    def get_parents(self):
        return [(self.call.title, url("call", self.call.pk)), (_("Criterios"), url("criteria", self.call.pk))]

    def get_form(self):
        instance = self.criterion or EvaluationCriterion(call=self.call, sort_order=self.call.criteria.count())
        data = self.request.POST if self.request.method == "POST" else None
        return CriterionForm(data, instance=instance, call=self.call)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.get_form())
        return super().get_context_data(call=self.call, criterion=self.criterion, **kwargs)

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if not form.is_valid():
            messages.error(request, _("Revise los datos del criterio: no se guardó nada."))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        form.save()
        messages.success(request, _("Criterio «%(name)s» guardado.") % {"name": form.instance.name})
        return redirect(url("criteria", self.call.pk))


class CriterionDeleteView(EvaluationView):
    template_name = "propuestas/evaluation/criterion_delete.html"
    page_title = gettext_lazy("Eliminar criterio")

    def setup_objects(self, **kwargs):
        self.criterion = get_object_or_404(EvaluationCriterion.objects.select_related("call"), pk=kwargs["pk"])
        self.call = self.criterion.call

    def get_parents(self):
        return [(self.call.title, url("call", self.call.pk)), (_("Criterios"), url("criteria", self.call.pk))]

    def get_context_data(self, **kwargs):
        return super().get_context_data(criterion=self.criterion, scored=self.criterion.scores.exists(), **kwargs)

    def post(self, request, *args, **kwargs):
        if self.criterion.scores.exists():
            messages.error(request, _("El criterio «%(name)s» ya tiene puntuaciones: no se puede eliminar.") % {"name": self.criterion.name})
            return self.render_to_response(self.get_context_data(), status=409)
        name = self.criterion.name
        self.criterion.delete()
        messages.success(request, _("Criterio «%(name)s» eliminado.") % {"name": name})
        return redirect(url("criteria", self.call.pk))


# --- Assignment --------------------------------------------------------------------------------


class AssignView(CallMixin, EvaluationView):
    template_name = "propuestas/evaluation/assign.html"
    page_title = gettext_lazy("Asignar evaluaciones")

    def filtered(self):
        queryset = evaluation.candidates(self.call)
        self.filter_form = CandidateFilterForm(self.request.GET or None, call=self.call)
        if self.filter_form.is_bound and self.filter_form.is_valid():
            for name in ("theme", "territory"):
                if self.filter_form.cleaned_data.get(name):
                    queryset = queryset.filter(**{name: self.filter_form.cleaned_data[name]})
        return queryset

    def get_context_data(self, **kwargs):
        assignments = EvaluationAssignment.objects.select_related("evaluator").order_by("due_date", "pk")
        queryset = (
            self.filtered()
            .select_related("theme", "territory", "decision")
            .prefetch_related(Prefetch("assignments", queryset=assignments, to_attr="current_assignments"))
            .order_by("reference", "pk")
        )
        page = Paginator(queryset, PAGE_SIZE).get_page(self.request.GET.get("p"))
        kwargs.setdefault("form", AssignForm(initial={"due_date": timezone.localdate() + dt.timedelta(days=14)}))
        query = self.request.GET.copy()
        query.pop("p", None)
        return super().get_context_data(
            call=self.call,
            page=page,
            filter_form=self.filter_form,
            query=query.urlencode(),
            today=timezone.localdate(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        candidates = self.filtered()
        form = AssignForm(request.POST, candidate_ids=list(evaluation.candidates(self.call).values_list("pk", flat=True)))
        if form.is_valid():
            if form.cleaned_data["scope"] == "filtered":
                proposals = candidates.select_related("call")
            else:
                proposals = evaluation.candidates(self.call).filter(pk__in=form.cleaned_data["ids"]).select_related("call")
            try:
                created = evaluation.assign(
                    proposals=proposals,
                    evaluators=form.cleaned_data["evaluators"],
                    due_date=form.cleaned_data["due_date"],
                    user=request.user,
                )
            except ValidationError as error:
                apply_errors(form, error)
            except ActionRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(
                    request,
                    ngettext("%(count)d asignación nueva.", "%(count)d asignaciones nuevas.", created) % {"count": created},
                )
                target = url("assign", self.call.pk)
                query = request.GET.urlencode()
                return redirect(f"{target}?{query}" if query else target)
        messages.error(request, _("No se asignó nada: revise el formulario."))
        return self.render_to_response(self.get_context_data(form=form), status=400)


class UnassignView(EvaluationView):
    http_method_names = ["post"]

    def post(self, request, pk):
        assignment = get_object_or_404(EvaluationAssignment.objects.select_related("proposal", "evaluator"), pk=pk)
        try:
            evaluation.unassign(assignment=assignment, user=request.user)
        except ActionRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(
                request,
                _("Se retiró la evaluación de %(ref)s a %(name)s.")
                % {"ref": assignment.proposal.reference or assignment.proposal.title, "name": assignment.evaluator.public_name},
            )
        return redirect(url("assign", assignment.proposal.call_id))


# --- The evaluator's screens -------------------------------------------------------------------


class MyEvaluationsView(EvaluationView):
    template_name = "propuestas/evaluation/mine.html"
    page_title = gettext_lazy("Mis evaluaciones")
    coordinator_only = False

    def has_access(self, user):
        return evaluation.is_evaluator(user)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        page = Paginator(selectors.assignments_of(self.request.user), PAGE_SIZE).get_page(self.request.GET.get("p"))
        return super().get_context_data(page=page, today=timezone.localdate(), **kwargs)


class EvaluateView(EvaluationView):
    """The scoring form of one's own assignment (anyone else: 404)."""

    template_name = "propuestas/evaluation/evaluate.html"
    page_title = gettext_lazy("Evaluar propuesta")
    coordinator_only = False

    def setup_objects(self, **kwargs):
        if not self.request.user.is_authenticated:
            raise Http404
        self.assignment = get_object_or_404(
            EvaluationAssignment.objects.select_related("proposal__call", "proposal__theme", "proposal__territory"),
            pk=kwargs["pk"],
            evaluator=self.request.user,
        )
        self.proposal = self.assignment.proposal
        self.criteria = list(self.proposal.call.criteria.all())

    def get_page_subtitle(self):
        return self.proposal.title

    def get_parents(self):
        return [(_("Mis evaluaciones"), url("mine"))]

    @property
    def closed(self):
        return evaluation.decided(self.proposal)

    def get_form(self, data=None):
        initial = {
            "validated_cost": self.assignment.validated_cost
            if self.assignment.validated_cost is not None
            else self.proposal.estimated_cost,
            "cost_explanation": self.assignment.cost_explanation,
            "execution_months": self.assignment.execution_months,
        }
        # The plans criterion starts at its suggested score (the evaluator accepts it or changes it).
        for criterion_id, suggestion in self.plan_suggestions.items():
            initial[f"score_{criterion_id}"] = suggestion.score
        for score in self.assignment.scores.all():
            initial[f"score_{score.criterion_id}"] = score.score
            initial[f"justification_{score.criterion_id}"] = score.justification
        return ScoringForm(data, initial=initial, criteria=self.criteria)

    @cached_property
    def plan_alignment(self):
        return plan_selectors.alignment_of(self.proposal)

    @cached_property
    def plan_suggestions(self):
        return selectors.plan_suggestions(self.proposal, self.criteria, self.plan_alignment)

    def get_context_data(self, **kwargs):
        visible = evaluation.visible_assignments(proposal=self.proposal, user=self.request.user)
        others = [a for a in visible if a.pk != self.assignment.pk]
        proposal = (
            Proposal.objects.prefetch_related("images", "documents").select_related("theme", "territory", "call").get(pk=self.proposal.pk)
        )
        kwargs.setdefault("form", self.get_form())
        kwargs.setdefault("note_form", NoteForm())
        return super().get_context_data(
            assignment=self.assignment,
            proposal=proposal,
            cost=money(proposal.estimated_cost, proposal.call),
            others=selectors.evaluation_rows(self.criteria, others),
            criteria=self.criteria,
            plan_alignment=self.plan_alignment,
            plan_suggestions=self.plan_suggestions,
            blind=self.assignment.status != EvaluationAssignment.Status.SUBMITTED,
            closed=self.closed,
            history=selectors.history_of([self.assignment]),
            notes=selectors.notes_of(self.proposal),
            note_url=url("note", self.proposal.pk),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        submit = "submit" in request.POST
        if form.is_valid():
            try:
                evaluation.save_evaluation(
                    assignment=self.assignment,
                    user=request.user,
                    scores=form.scores(),
                    validated_cost=form.cleaned_data["validated_cost"],
                    cost_explanation=form.cleaned_data["cost_explanation"],
                    execution_months=form.cleaned_data["execution_months"],
                    submit=submit,
                )
            except ValidationError as error:
                apply_errors(form, error)
            except ActionRefused as refusal:
                messages.error(request, refusal.message)
                return self.render_to_response(self.get_context_data(form=form), status=409)
            else:
                was_submitted = self.assignment.status == EvaluationAssignment.Status.SUBMITTED
                if was_submitted:
                    messages.success(request, _("Cambios guardados: quedan en el historial de la evaluación."))
                elif submit:
                    messages.success(request, _("Evaluación enviada. Puede revisarla hasta que la coordinación decida."))
                else:
                    messages.success(request, _("Borrador guardado."))
                return redirect(url("evaluate", self.assignment.pk))
        messages.error(request, _("No se guardó nada: revise los errores del formulario."))
        return self.render_to_response(self.get_context_data(form=form), status=400)


class NoteView(EvaluationView):
    """Add an internal note to a proposal (coordinators and the proposal's evaluators)."""

    coordinator_only = False
    http_method_names = ["post"]

    def post(self, request, pk):
        proposal = get_object_or_404(Proposal, pk=pk)
        allowed = evaluation.is_coordinator(request.user) or proposal.assignments.filter(evaluator=request.user).exists()
        if not allowed:
            raise Http404
        form = NoteForm(request.POST)
        if form.is_valid():
            try:
                evaluation.add_note(proposal=proposal, user=request.user, text=form.cleaned_data["text"])
            except (ActionRefused, ValidationError) as error:
                messages.error(request, getattr(error, "message", None) or "; ".join(error.messages))
            else:
                messages.success(request, _("Nota interna añadida."))
        else:
            messages.error(request, " ".join(form.errors["text"]))
        target = request.POST.get("next") or ""
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
            target = url("decision", proposal.pk) if evaluation.is_coordinator(request.user) else url("mine")
        return redirect(target)


# --- Decision ----------------------------------------------------------------------------------


class DecisionView(ProposalMixin, EvaluationView):
    template_name = "propuestas/evaluation/decision.html"
    page_title = gettext_lazy("Decisión")

    def get_parents(self):
        call = self.proposal.call
        return [(call.title, url("call", call.pk)), (_("Ranking"), url("ranking", call.pk))]

    def get_form(self, data=None):
        sheet = self.sheet
        decision = sheet.decision
        costs = [row.assignment.validated_cost for row in sheet.rows if row.weighted is not None and row.assignment.validated_cost]
        suggested = round(sum(costs) / len(costs)) if costs else self.proposal.estimated_cost
        initial = {"validated_cost": suggested}
        if decision:
            initial = {"viable": "1" if decision.viable else "0", "validated_cost": decision.validated_cost or suggested, "explanation": decision.explanation}
        return DecisionForm(data, initial=initial)

    @property
    def sheet(self):
        if not hasattr(self, "_sheet"):
            self._sheet = selectors.sheet(self.proposal)
        return self._sheet

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.get_form())
        sheet = self.sheet
        call = self.proposal.call
        return super().get_context_data(
            proposal=self.proposal,
            sheet=sheet,
            cost=money(self.proposal.estimated_cost, call),
            open=self.proposal.status in evaluation.evaluation_stage_states(call),
            # Coordinators align the project with the plans (the plans criterion reads it).
            align_url=reverse("planes_admin:align", args=[self.proposal.pk]) + f"?next={self.request.path}"
            if plan_services.may_align(self.request.user)
            else "",
            history=selectors.history_of([row.assignment for row in sheet.rows]),
            note_form=NoteForm(),
            note_url=url("note", self.proposal.pk),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        if form.is_valid():
            try:
                evaluation.decide(
                    proposal=self.proposal,
                    user=request.user,
                    viable=form.cleaned_data["viable"],
                    validated_cost=form.cleaned_data["validated_cost"],
                    explanation=form.cleaned_data["explanation"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            except ActionRefused as refusal:
                messages.error(request, refusal.message)
                return self.render_to_response(self.get_context_data(form=form), status=409)
            else:
                messages.success(request, _("Decisión registrada. Publíquela al hacer avanzar las propuestas decididas."))
                return redirect(url("decision", self.proposal.pk))
        messages.error(request, _("No se registró la decisión: revise el formulario."))
        return self.render_to_response(self.get_context_data(form=form), status=400)


class MoveOnView(CallMixin, EvaluationView):
    """Confirm, then move the decided proposals of a call on (and publish their decisions)."""

    template_name = "propuestas/evaluation/move_on.html"
    page_title = gettext_lazy("Hacer avanzar las propuestas decididas")

    def pending(self):
        return (
            Proposal.objects.filter(
                call=self.call, status__in=evaluation.evaluation_stage_states(self.call), decision__isnull=False
            )
            .select_related("decision", "territory")
            .order_by("-decision__viable", "reference", "pk")
        )

    def get_context_data(self, **kwargs):
        proposals = list(self.pending())
        return super().get_context_data(
            call=self.call,
            proposals=proposals,
            viable_target=_("aprobadas en el banco de proyectos") if self.call.vote_before_evaluation else _("preseleccionadas para la papeleta de su territorio"),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        ids = [int(value) for value in request.POST.getlist("ids") if value.isdigit()]
        if not ids:
            messages.error(request, _("Seleccione al menos una propuesta decidida."))
            return self.render_to_response(self.get_context_data(), status=400)
        try:
            moved = evaluation.move_on(call=self.call, user=request.user, proposals=list(self.pending().filter(pk__in=ids)))
        except ActionRefused as refusal:
            messages.error(request, refusal.message)
            return self.render_to_response(self.get_context_data(), status=409)
        decisions = dict(
            Proposal.objects.filter(pk__in=[p.pk for p in moved]).values_list("pk", "decision__viable")
        )
        viable = sum(1 for value in decisions.values() if value)
        messages.success(
            request,
            _("Avanzaron %(total)d propuestas: %(viable)d viables (%(target)s) y %(not_viable)d no viables; se publicaron sus decisiones y se avisó a sus autores.")
            % {
                "total": len(moved),
                "viable": viable,
                "not_viable": len(moved) - viable,
                "target": _("aprobadas en el banco") if self.call.vote_before_evaluation else _("preseleccionadas para la papeleta"),
            },
        )
        return redirect(url("call", self.call.pk))


class RankingView(CallMixin, EvaluationView):
    template_name = "propuestas/evaluation/ranking.html"
    page_title = gettext_lazy("Ranking de la evaluación")

    def get_context_data(self, **kwargs):
        page = Paginator(selectors.scored_proposals(self.call), PAGE_SIZE).get_page(self.request.GET.get("p"))
        return super().get_context_data(call=self.call, page=page, offset=page.start_index() - 1 if page.object_list else 0, **kwargs)


# --- Evaluation sheet --------------------------------------------------------------------------


class SheetView(ProposalMixin, EvaluationView):
    """The printable evaluation sheet (staff version: evaluator names and internal notes)."""

    template_name = "propuestas/evaluation/sheet_admin.html"
    page_title = gettext_lazy("Cédula de evaluación")

    def get_parents(self):
        return [(self.proposal.call.title, url("call", self.proposal.call_id)), (self.proposal.title, url("decision", self.proposal.pk))]

    def get_context_data(self, **kwargs):
        return super().get_context_data(sheet=selectors.sheet(self.proposal), pdf_url=url("sheet_pdf", self.proposal.pk), **kwargs)


def pdf_response(sheet, filename):
    response = HttpResponse(pdf.render(sheet), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def sheet_filename(proposal, public=False):
    stem = (proposal.reference or f"propuesta-{proposal.pk}").replace('"', "")
    return f"cedula-{stem}{'-publica' if public else ''}.pdf"


class SheetPdfView(SheetView):
    def get(self, request, *args, **kwargs):
        return pdf_response(selectors.sheet(self.proposal), sheet_filename(self.proposal))
