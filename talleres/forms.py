from django import forms
from django.utils.translation import gettext_lazy as _

from convocatorias.models import Territory, Theme
from portal.models import User
from propuestas.models import ProposalGroup

from .models import Participation, WorkshopIdea, WorkshopTable

GENDERS = [("", _("No lo indica"))] + list(User.Gender.choices)
AGES = [("", _("No lo indica"))] + list(User.AgeRange.choices)


class DoorForm(forms.Form):
    """Someone without an account, at the door: the minimum, with their consent."""

    name = forms.CharField(label=_("Nombre o alias"), max_length=120, required=False)
    name_consent = forms.BooleanField(label=_("Autoriza registrar su nombre o alias"), required=False)
    demographics_consent = forms.BooleanField(
        label=_("Autoriza usar su género y rango de edad en estadísticas de participación"), required=False
    )
    gender = forms.ChoiceField(label=_("Género"), choices=GENDERS, required=False)
    age_range = forms.ChoiceField(label=_("Rango de edad"), choices=AGES, required=False)
    table = forms.ModelChoiceField(label=_("Mesa"), queryset=WorkshopTable.objects.none(), required=False)

    def __init__(self, *args, workshop, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["table"].queryset = workshop.tables.all()
        self.fields["table"].empty_label = _("Sin mesa")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("name") and not cleaned.get("name_consent"):
            self.add_error("name_consent", _("Sin su autorización no se registra el nombre: déjelo vacío o marque la casilla."))
        if (cleaned.get("gender") or cleaned.get("age_range")) and not cleaned.get("demographics_consent"):
            self.add_error(
                "demographics_consent",
                _("Sin su autorización no se registran género ni rango de edad: déjelos vacíos o marque la casilla."),
            )
        return cleaned


class MarkForm(forms.Form):
    participation = forms.IntegerField(widget=forms.HiddenInput)
    attended = forms.BooleanField(label=_("Asistió"), required=False)
    table = forms.ModelChoiceField(label=_("Mesa"), queryset=WorkshopTable.objects.none(), required=False)

    def __init__(self, *args, workshop, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["table"].queryset = workshop.tables.all()
        self.fields["table"].empty_label = _("Sin mesa")


class IdeaForm(forms.Form):
    title = forms.CharField(label=_("Título de la idea"), max_length=150)
    summary = forms.CharField(label=_("Resumen"), max_length=280, widget=forms.Textarea(attrs={"rows": 3}))
    problem = forms.CharField(label=_("Problema que atiende"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    solution = forms.CharField(label=_("Solución propuesta"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    theme = forms.ModelChoiceField(label=_("Eje temático"), queryset=Theme.objects.none())
    territory = forms.ModelChoiceField(label=_("Territorio"), queryset=Territory.objects.none())
    table = forms.ModelChoiceField(label=_("Mesa"), queryset=WorkshopTable.objects.none(), required=False)
    authorship = forms.ChoiceField(label=_("Autoría"), choices=WorkshopIdea.Authorship.choices)
    group = forms.ModelChoiceField(label=_("Grupo"), queryset=ProposalGroup.objects.order_by("name"), required=False)
    participants = forms.ModelMultipleChoiceField(
        label=_("Personas autoras (solo quienes autorizaron su nombre)"),
        queryset=Participation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, workshop, **kwargs):
        super().__init__(*args, **kwargs)
        call = workshop.call
        self.fields["theme"].queryset = call.themes.all() if call else Theme.objects.none()
        self.fields["territory"].queryset = (
            Territory.objects.filter(pk__in=call.territories.values("territory_id")) if call else Territory.objects.none()
        )
        if workshop.territory_id and not self.is_bound:
            self.initial.setdefault("territory", workshop.territory_id)
        self.fields["table"].queryset = workshop.tables.all()
        self.fields["participants"].queryset = (
            Participation.objects.filter(workshop=workshop, status=Participation.Status.REGISTERED)
            .exclude(user__isnull=True, name_consent=False)
            .select_related("user")
        )
        self.fields["participants"].label_from_instance = lambda participation: participation.display_name
