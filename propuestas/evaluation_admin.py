"""The technical evaluation (SESP) in the Wagtail admin: thin views over `evaluation` (services)
and `evaluation_selectors` (reads); registered from `wagtail_hooks`.

Who sees what:
- coordinators (`propuestas.coordinate_evaluation`): calls, criteria, assignment, decisions,
  moving proposals on, the ranking, the evaluation sheets and the reports;
- evaluators: their own assignments only (the list, the scoring form, notes on those proposals).
  Another person's evaluation answers 404; coordinator screens refuse (Wagtail's redirect to the
  admin home with a message).

Refusals from the services become form errors or messages (status 400/409); nothing is saved.
"""

import datetime as dt

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import ngettext
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView
import django_filters

from convocatorias.models import CallPage, Territory, Theme
from convocatorias.money import format_money
from portal.roles import EVALUATORS

from . import evaluation, evaluation_pdf, evaluation_selectors as selectors
from .models import EvaluationAssignment, EvaluationCriterion, Proposal
from .services import ActionRefused

PAGE_SIZE = 50
TEXT_MAX = 5000
COST_MAX = 10**13
NS = "evaluacion"


def url(name, *args):
    return reverse(f"{NS}:{name}", args=args)


def is_evaluator(user):
    return bool(
        user.is_authenticated
        and user.is_active
        and (evaluation.is_coordinator(user) or user.groups.filter(name=EVALUATORS).exists())
    )


def _apply_errors(form, error):
    """Put a service's ValidationError on the form's fields (or the form as a whole)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for item in errors:
                form.add_error(name if name in form.fields else None, item)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _money(amount, call):
    return "—" if amount is None else format_money(amount, call.currency)


# --- Base view ---------------------------------------------------------------------------------


class EvaluationView(WagtailAdminTemplateMixin, TemplateView):
    """A page of the evaluation admin. Coordinators only unless `coordinator_only` is False."""

    header_icon = "tasks"
    coordinator_only = True
    parents = ()  # [(label, url)] between "Evaluación técnica" and this page

    def dispatch(self, request, *args, **kwargs):
        if self.coordinator_only and not evaluation.is_coordinator(request.user):
            raise PermissionDenied
        self.setup_objects(**kwargs)
        return super().dispatch(request, *args, **kwargs)

    def setup_objects(self, **kwargs):
        pass

    def get_parents(self):
        return list(self.parents)

    def get_breadcrumbs_items(self):
        root = url("index") if evaluation.is_coordinator(self.request.user) else url("mine")
        items = [*self.breadcrumbs_items, {"url": root, "label": _("Evaluación técnica")}]
        items += [{"url": link, "label": label} for label, link in self.get_parents()]
        return items + [{"url": "", "label": self.get_page_title()}]


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


# --- Calls -------------------------------------------------------------------------------------


class IndexView(EvaluationView):
    template_name = "propuestas/evaluation/index.html"
    page_title = gettext_lazy("Evaluación técnica: convocatorias")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": _("Evaluación técnica")}]

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


class CriterionForm(forms.ModelForm):
    class Meta:
        model = EvaluationCriterion
        fields = ["name", "description", "scale_min", "scale_max", "levels", "weight", "eliminatory", "minimum", "sort_order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "levels": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        self.fields["weight"].min_value = 1
        self.fields["weight"].error_messages["min_value"] = _("El peso debe ser al menos 1.")

    def clean(self):
        data = super().clean()
        low, high = data.get("scale_min"), data.get("scale_max")
        minimum = data.get("minimum")
        if low is not None and high is not None and high <= low:
            self.add_error("scale_max", _("La puntuación máxima debe ser mayor que la mínima."))
        elif minimum is not None and low is not None and high is not None and not low <= minimum <= high:
            self.add_error("minimum", _("El mínimo para ser viable debe estar dentro de la escala (%(low)s–%(high)s).") % {"low": low, "high": high})
        if data.get("eliminatory") and minimum is None:
            self.add_error("minimum", _("Un criterio eliminatorio necesita un mínimo."))
        name = (data.get("name") or "").strip()
        if name and self.call.criteria.filter(name__iexact=name).exclude(pk=self.instance.pk).exists():
            self.add_error("name", _("Ya hay un criterio con ese nombre en esta convocatoria."))
        if self.instance.pk and self.instance.scores.exists():
            if (low, high) != (self.instance.scale_min, self.instance.scale_max):
                self.add_error("scale_max", _("Este criterio ya tiene puntuaciones: su escala no puede cambiar."))
        if not self.instance.pk and EvaluationAssignment.objects.filter(
            proposal__call=self.call, status=EvaluationAssignment.Status.SUBMITTED
        ).exists():
            raise ValidationError(_("Ya hay evaluaciones enviadas en esta convocatoria: no se pueden añadir criterios."))
        return data


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


def evaluator_queryset():
    return get_user_model().objects.filter(groups__name=EVALUATORS, is_active=True).order_by("display_name", "email").distinct()


class EvaluatorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return f"{user.public_name} <{user.email}>"


class AssignForm(forms.Form):
    evaluators = EvaluatorChoiceField(
        label=gettext_lazy("Personas evaluadoras"),
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Elija al menos una persona evaluadora.")},
    )
    due_date = forms.DateField(
        label=gettext_lazy("Fecha límite"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": gettext_lazy("Indique la fecha límite."), "invalid": gettext_lazy("Indique una fecha válida.")},
    )
    scope = forms.ChoiceField(
        label=gettext_lazy("Propuestas"),
        choices=[("selected", gettext_lazy("Las seleccionadas")), ("filtered", gettext_lazy("Todas las de la lista filtrada (eje y territorio)"))],
        initial="selected",
        widget=forms.RadioSelect,
    )
    ids = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=())

    def __init__(self, *args, candidate_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluators"].queryset = evaluator_queryset()
        self.fields["ids"].choices = [(pk, pk) for pk in candidate_ids or []]
        self.fields["ids"].error_messages["invalid_choice"] = _("Alguna propuesta elegida no está en evaluación.")

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if due < timezone.localdate():
            raise ValidationError(_("La fecha límite no puede estar en el pasado."))
        return due

    def clean(self):
        data = super().clean()
        if data.get("scope") == "selected" and not data.get("ids") and "ids" not in self.errors:
            raise ValidationError(_("Seleccione al menos una propuesta."))
        return data


class CandidateFilterForm(forms.Form):
    theme = forms.ModelChoiceField(label=gettext_lazy("Eje temático"), queryset=Theme.objects.none(), required=False)
    territory = forms.ModelChoiceField(label=gettext_lazy("Territorio"), queryset=Territory.objects.none(), required=False)

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.filter(pk__in=call.themes.values("pk")).order_by("name")
        self.fields["territory"].queryset = Territory.objects.filter(pk__in=call.territories.values("territory_id")).order_by("name")


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
                _apply_errors(form, error)
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

    def dispatch(self, request, *args, **kwargs):
        if not is_evaluator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        page = Paginator(selectors.assignments_of(self.request.user), PAGE_SIZE).get_page(self.request.GET.get("p"))
        return super().get_context_data(page=page, today=timezone.localdate(), **kwargs)


class ScoringForm(forms.Form):
    validated_cost = forms.IntegerField(
        label=gettext_lazy("Costo validado"),
        min_value=0,
        max_value=COST_MAX,
        error_messages={
            "required": gettext_lazy("Indique el costo validado."),
            "invalid": gettext_lazy("El costo validado debe ser un número entero positivo."),
            "min_value": gettext_lazy("El costo validado debe ser un número entero positivo."),
            "max_value": gettext_lazy("El costo validado es demasiado grande."),
        },
        help_text=gettext_lazy("Prellenado con el costo estimado por la persona autora; corríjalo si hace falta."),
    )
    cost_explanation = forms.CharField(
        label=gettext_lazy("Explicación del cambio de costo"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Obligatoria si el costo validado es distinto del estimado."),
    )
    execution_months = forms.IntegerField(
        label=gettext_lazy("Plazo de ejecución (meses)"),
        required=False,
        min_value=1,
        max_value=120,
        error_messages={
            "invalid": gettext_lazy("El plazo debe ser un número entero de meses."),
            "min_value": gettext_lazy("El plazo debe estar entre 1 y 120 meses."),
            "max_value": gettext_lazy("El plazo debe estar entre 1 y 120 meses."),
        },
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            choices = [("", "—")] + [(value, str(value)) for value in range(criterion.scale_min, criterion.scale_max + 1)]
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=_("Puntuación"),
                widget=forms.Select(choices=choices),
                error_messages={
                    "required": _("Puntúe «%(name)s».") % {"name": criterion.name},
                    "invalid": _("Puntúe «%(name)s» entre %(low)s y %(high)s.")
                    % {"name": criterion.name, "low": criterion.scale_min, "high": criterion.scale_max},
                },
            )
            self.fields[f"justification_{criterion.pk}"] = forms.CharField(
                label=_("Justificación"),
                max_length=TEXT_MAX,
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={"required": _("Justifique la puntuación de «%(name)s».") % {"name": criterion.name}},
            )

    def criteria_fields(self):
        return [(c, self[f"score_{c.pk}"], self[f"justification_{c.pk}"]) for c in self.criteria]

    def scores(self):
        return {
            c.pk: (self.cleaned_data[f"score_{c.pk}"], self.cleaned_data[f"justification_{c.pk}"]) for c in self.criteria
        }


class NoteForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Nueva nota interna"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Escriba la nota.")},
    )


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
        for score in self.assignment.scores.all():
            initial[f"score_{score.criterion_id}"] = score.score
            initial[f"justification_{score.criterion_id}"] = score.justification
        return ScoringForm(data, initial=initial, criteria=self.criteria)

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
            cost=_money(proposal.estimated_cost, proposal.call),
            others=selectors.evaluation_rows(self.criteria, others),
            criteria=self.criteria,
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
                _apply_errors(form, error)
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


class DecisionForm(forms.Form):
    viable = forms.TypedChoiceField(
        label=gettext_lazy("Decisión"),
        choices=[("1", gettext_lazy("Viable")), ("0", gettext_lazy("No viable"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Elija viable o no viable.")},
    )
    validated_cost = forms.IntegerField(
        label=gettext_lazy("Costo validado"),
        required=False,
        min_value=1,
        max_value=COST_MAX,
        error_messages={
            "invalid": gettext_lazy("Indique el costo validado (un número entero positivo)."),
            "min_value": gettext_lazy("Indique el costo validado (un número entero positivo)."),
            "max_value": gettext_lazy("El costo validado es demasiado grande."),
        },
    )
    explanation = forms.CharField(
        label=gettext_lazy("Explicación pública"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Obligatoria si no es viable: la persona autora y el público la leerán."),
    )


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
            cost=_money(self.proposal.estimated_cost, call),
            open=self.proposal.status in evaluation.evaluation_stage_states(call),
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
                _apply_errors(form, error)
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
    response = HttpResponse(evaluation_pdf.render(sheet), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def sheet_filename(proposal, public=False):
    stem = (proposal.reference or f"propuesta-{proposal.pk}").replace('"', "")
    return f"cedula-{stem}{'-publica' if public else ''}.pdf"


class SheetPdfView(SheetView):
    def get(self, request, *args, **kwargs):
        return pdf_response(selectors.sheet(self.proposal), sheet_filename(self.proposal))


# --- Reports -----------------------------------------------------------------------------------


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
        Column("validated_cost", label=gettext_lazy("Costo validado"), accessor=lambda p: _money(validated_cost_of(p), p.call)),
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


# --- Dashboard panel ---------------------------------------------------------------------------

PANEL_ROWS = 10


class PendingEvaluationsPanel(Component):
    """Dashboard panel «Mis evaluaciones pendientes»: the evaluator's open assignments."""

    name = "my_pending_evaluations"
    order = 70
    template_name = "propuestas/evaluation/pending_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        pending = evaluation.pending_for(self.user)
        rows = list(pending[: PANEL_ROWS + 1])
        return {
            "rows": rows[:PANEL_ROWS],
            "more": len(rows) > PANEL_ROWS,
            "today": timezone.localdate(),
            "mine_url": url("mine"),
        }


def homepage_panels(request, panels):
    if is_evaluator(request.user):
        panels.append(PendingEvaluationsPanel(request.user))


# --- URLs --------------------------------------------------------------------------------------


def urlpatterns():
    return [
        path("", IndexView.as_view(), name="index"),
        path("mis-evaluaciones/", MyEvaluationsView.as_view(), name="mine"),
        path("convocatoria/<int:call_id>/", CallView.as_view(), name="call"),
        path("convocatoria/<int:call_id>/criterios/", CriteriaView.as_view(), name="criteria"),
        path("convocatoria/<int:call_id>/criterios/nuevo/", CriterionEditView.as_view(), name="criterion_add"),
        path("criterios/<int:pk>/editar/", CriterionEditView.as_view(), name="criterion_edit"),
        path("criterios/<int:pk>/eliminar/", CriterionDeleteView.as_view(), name="criterion_delete"),
        path("convocatoria/<int:call_id>/asignar/", AssignView.as_view(), name="assign"),
        path("asignaciones/<int:pk>/retirar/", UnassignView.as_view(), name="unassign"),
        path("evaluar/<int:pk>/", EvaluateView.as_view(), name="evaluate"),
        path("propuesta/<int:pk>/notas/", NoteView.as_view(), name="note"),
        path("propuesta/<int:pk>/decision/", DecisionView.as_view(), name="decision"),
        path("propuesta/<int:pk>/cedula/", SheetView.as_view(), name="sheet"),
        path("propuesta/<int:pk>/cedula.pdf", SheetPdfView.as_view(), name="sheet_pdf"),
        path("convocatoria/<int:call_id>/avanzar/", MoveOnView.as_view(), name="move_on"),
        path("convocatoria/<int:call_id>/ranking/", RankingView.as_view(), name="ranking"),
        path("informes/avance/", ProgressReportView.as_view(), name="report_progress"),
        path("informes/avance/resultados/", ProgressReportView.as_view(results_only=True), name="report_progress_results"),
        path("informes/puntuaciones/", ScoredReportView.as_view(), name="report_scored"),
        path("informes/puntuaciones/resultados/", ScoredReportView.as_view(results_only=True), name="report_scored_results"),
    ]
