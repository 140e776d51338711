"""Forms of proposals and groups. Validation of the call's rules lives in `services`."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from convocatorias.models import Territory, Theme

from .models import MAX_DOCUMENTS, MAX_IMAGES, PROPOSAL_FIELDS, SUMMARY_MAX_LENGTH, Proposal, ProposalGroup
from .selectors import ORDERINGS


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by content in the services."""

    def __init__(self, *args, accept="", **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True, "accept": accept}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


COST_MESSAGES = {
    "invalid": _("Escriba el costo como un número entero, sin puntos ni símbolos."),
    "min_value": _("El costo no puede ser negativo ni cero."),
    "required": _("Indique el costo estimado."),
}


class ProposalForm(forms.ModelForm):
    estimated_cost = forms.IntegerField(
        label=_("Costo estimado"),
        min_value=1,
        max_value=10**15,
        error_messages={**COST_MESSAGES, "max_value": _("Ese costo es demasiado grande.")},
        help_text=_("En unidades enteras de la moneda de la convocatoria, sin centavos."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1, "min": 1}),
    )
    beneficiaries_count = forms.IntegerField(
        label=_("Número de personas beneficiarias"),
        min_value=1,
        max_value=100_000_000,
        error_messages={
            "invalid": _("Escriba un número entero de personas."),
            "min_value": _("Debe beneficiar al menos a una persona."),
            "max_value": _("Ese número de personas es demasiado grande."),
            "required": _("Indique cuántas personas se benefician."),
        },
    )
    group = forms.ModelChoiceField(
        label=_("Presentar en nombre de"),
        queryset=ProposalGroup.objects.none(),
        required=False,
        empty_label=_("Yo, a título personal"),
    )
    images = MultipleFileField(
        label=_("Imágenes"),
        accept="image/jpeg,image/png,image/webp,image/gif",
        help_text=_("Hasta %(max)s imágenes JPEG, PNG, WebP o GIF de 5 MB y 40 megapíxeles como máximo.")
        % {"max": MAX_IMAGES},
    )
    documents = MultipleFileField(
        label=_("Documentos PDF"),
        accept="application/pdf",
        help_text=_("Hasta %(max)s documentos PDF de 10 MB como máximo.") % {"max": MAX_DOCUMENTS},
    )
    remove_images = forms.ModelMultipleChoiceField(
        label=_("Quitar imágenes"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    remove_documents = forms.ModelMultipleChoiceField(
        label=_("Quitar documentos"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Proposal
        fields = list(PROPOSAL_FIELDS)
        labels = {
            "title": _("Título"),
            "summary": _("Resumen"),
            "problem": _("¿Qué problema atiende?"),
            "solution": _("¿Qué propone?"),
            "beneficiaries_description": _("¿Quiénes se benefician?"),
            "theme": _("Eje temático"),
            "territory": _("Territorio"),
            "address": _("Dirección o lugar (opcional)"),
            "latitude": _("Latitud (opcional)"),
            "longitude": _("Longitud (opcional)"),
        }
        help_texts = {
            "summary": _("Como máximo %(max)s caracteres: se muestra en los listados.") % {"max": SUMMARY_MAX_LENGTH},
            "latitude": _("Elija el punto en el mapa o escriba las coordenadas."),
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3, "maxlength": SUMMARY_MAX_LENGTH, "data-counter": "summary-counter"}),
            "problem": forms.Textarea(attrs={"rows": 6}),
            "solution": forms.Textarea(attrs={"rows": 6}),
            "latitude": forms.NumberInput(attrs={"step": "0.000001"}),
            "longitude": forms.NumberInput(attrs={"step": "0.000001"}),
        }
        error_messages = {
            "title": {"required": _("Escriba un título."), "max_length": _("El título admite como máximo 150 caracteres.")},
            "summary": {"required": _("Escriba un resumen.")},
            "problem": {"required": _("Describa el problema que atiende.")},
            "solution": {"required": _("Describa la solución que propone.")},
            "beneficiaries_description": {"required": _("Diga quiénes se benefician.")},
            "theme": {"required": _("Elija un eje temático."), "invalid_choice": _("Ese eje temático no pertenece a esta convocatoria.")},
            "territory": {"required": _("Elija un territorio."), "invalid_choice": _("Ese territorio no participa en esta convocatoria.")},
        }

    def __init__(self, *args, call, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        self.fields["theme"].queryset = Theme.objects.filter(pk__in=call.themes.values("pk"))
        self.fields["territory"].queryset = Territory.objects.filter(
            pk__in=call.territories.values("territory_id")
        )
        self.fields["group"].queryset = ProposalGroup.objects.filter(memberships__user=user)
        if self.instance.pk:
            self.fields["remove_images"].queryset = self.instance.images.all()
            self.fields["remove_documents"].queryset = self.instance.documents.all()
            self.fields["group"].initial = self.instance.group_id
            if self.instance.author_id != user.pk:
                # Group members edit the text; only the author chooses on whose behalf it goes.
                del self.fields["group"]
        else:
            del self.fields["remove_images"]
            del self.fields["remove_documents"]
            self.fields["token"].initial = uuid.uuid4()
        if call.max_proposal_cost:
            self.fields["estimated_cost"].widget.attrs["max"] = call.max_proposal_cost
        self.fields["summary"].error_messages["max_length"] = _("El resumen admite como máximo %(max)s caracteres.") % {
            "max": SUMMARY_MAX_LENGTH
        }

    def clean_summary(self):
        summary = (self.cleaned_data.get("summary") or "").strip()
        if len(summary) > SUMMARY_MAX_LENGTH:
            raise forms.ValidationError(
                _("El resumen admite como máximo %(max)s caracteres (tiene %(count)s).")
                % {"max": SUMMARY_MAX_LENGTH, "count": len(summary)}
            )
        return summary

    def clean(self):
        cleaned = super().clean()
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if (latitude is None) != (longitude is None) and not self.errors.get("latitude") and not self.errors.get("longitude"):
            raise forms.ValidationError(_("Indique latitud y longitud juntas, o ninguna."))
        return cleaned

    def _post_clean(self):
        # The model's own checks run in the services, with the call's rules.
        pass


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False
    )


class GroupForm(forms.ModelForm):
    class Meta:
        model = ProposalGroup
        fields = ["name", "description"]
        labels = {"name": _("Nombre del grupo"), "description": _("Descripción")}
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"name": {"required": _("Escriba el nombre del grupo.")}}


class JoinGroupForm(forms.Form):
    code = forms.CharField(
        label=_("Código de invitación"),
        max_length=20,
        error_messages={"required": _("Escriba el código que le compartieron.")},
    )


class ProposalFilterForm(forms.Form):
    q = forms.CharField(label=_("Buscar"), required=False, max_length=200)
    theme = forms.ModelChoiceField(label=_("Eje temático"), queryset=Theme.objects.none(), required=False, empty_label=_("Todos"))
    territory = forms.ModelChoiceField(
        label=_("Territorio"), queryset=Territory.objects.none(), required=False, empty_label=_("Todos")
    )
    status = forms.ChoiceField(label=_("Estado"), required=False)
    order = forms.ChoiceField(
        label=_("Ordenar por"),
        required=False,
        choices=[
            ("recent", _("Más recientes")),
            ("supports", _("Más apoyadas")),
            ("comments", _("Más comentadas")),
            ("random", _("Orden aleatorio")),
        ],
    )

    def __init__(self, *args, call, themes, territories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = themes
        self.fields["territory"].queryset = territories
        public = [choice for choice in Proposal.Status.choices if choice[0] not in ("draft", "withdrawn")]
        self.fields["status"].choices = [("", _("Todos"))] + public
        assert set(dict(self.fields["order"].choices)) == set(ORDERINGS)
