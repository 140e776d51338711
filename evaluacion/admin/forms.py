"""The forms of the evaluation admin. They check what a person can get wrong in a field; the
services (`evaluacion.services`) check the rules again and have the last word."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from convocatorias.models import Territory, Theme
from portal.roles import EVALUATORS

from ..models import EvaluationAssignment, EvaluationCriterion

TEXT_MAX = 5000
COST_MAX = 10**13


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
