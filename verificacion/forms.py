"""Forms of the verification pages and of the staff screens (Spanish messages, no 500s)."""

import datetime

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from convocatorias.models import Territory

from .documents import normalise_number, well_formed
from .models import DocumentType


class DocumentFields(forms.Form):
    document_type = forms.ChoiceField(
        label=_("Tipo de documento"),
        choices=[("", _("Elija el tipo de documento"))] + DocumentType.choices,
        error_messages={"required": _("Elija el tipo de documento."), "invalid_choice": _("Elija un tipo de documento de la lista.")},
    )
    number = forms.CharField(
        label=_("Número de documento"),
        max_length=40,
        help_text=_("Tal como figura en el documento; los puntos, guiones y espacios no importan."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": _("Escriba el número de documento."),
            "max_length": _("El número de documento admite como máximo %(limit_value)d caracteres."),
        },
    )

    def clean_number(self):
        number = normalise_number(self.cleaned_data["number"])
        if not well_formed(number):
            raise forms.ValidationError(_("Escriba un número de documento de 3 a 20 letras o cifras."))
        return number


def _birth_date_field(required=True):
    return forms.DateField(
        label=_("Fecha de nacimiento"),
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Escriba su fecha de nacimiento."), "invalid": _("Escriba una fecha válida (AAAA-MM-DD).")},
    )


def _check_birth_date(value):
    if value is not None and not datetime.date(1900, 1, 1) <= value <= datetime.date.today():
        raise forms.ValidationError(_("Escriba una fecha de nacimiento posible."))
    return value


class VerifyForm(DocumentFields):
    birth_date = _birth_date_field()

    def clean_birth_date(self):
        return _check_birth_date(self.cleaned_data["birth_date"])


class InPersonForm(forms.Form):
    message = forms.CharField(
        label=_("Mensaje para el punto de atención (opcional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Por ejemplo: «me mudé hace poco a la comuna 8». No escriba su número de documento."),
        error_messages={"max_length": _("El mensaje admite como máximo %(limit_value)d caracteres.")},
    )


class CensusUploadForm(forms.Form):
    scope = forms.CharField(
        label=_("Alcance"),
        max_length=100,
        help_text=_("Un nombre para este padrón, p. ej. «Padrón 2026». Una importación nueva con el mismo alcance reemplaza la anterior."),
        error_messages={"required": _("Indique el alcance del padrón."), "max_length": _("El alcance admite como máximo %(limit_value)d caracteres.")},
    )
    file = forms.FileField(
        label=_("Archivo CSV (UTF-8) o XLSX"),
        error_messages={"required": _("Elija el archivo del padrón."), "empty": _("El archivo está vacío."), "invalid": _("Elija un archivo.")},
    )
    retain_until = forms.DateField(
        label=_("Conservar hasta"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Después de esta fecha las filas del padrón se borran (las verificaciones hechas se conservan). Vacío: según la configuración."),
        error_messages={"invalid": _("Escriba una fecha válida (AAAA-MM-DD).")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.VERIFICATION_CENSUS_MAX_MB
        if upload.size > limit * 1024 * 1024:
            raise forms.ValidationError(_("El archivo pesa más de %(max_mb)s MB.") % {"max_mb": limit})
        return upload

    def clean_retain_until(self):
        value = self.cleaned_data["retain_until"]
        if value is not None and value <= datetime.date.today():
            raise forms.ValidationError(_("La fecha de conservación debe ser futura."))
        return value


class DeskLookupForm(DocumentFields):
    pass


class DeskVerifyForm(DocumentFields):
    email = forms.EmailField(
        label=_("Correo de la cuenta"),
        error_messages={"required": _("Escriba el correo de la cuenta que se verifica."), "invalid": _("Escriba un correo válido.")},
    )
    territory = forms.ModelChoiceField(
        label=_("Territorio (solo si no está en el padrón)"),
        queryset=Territory.objects.all(),
        required=False,
        error_messages={"invalid_choice": _("Elija un territorio de la lista.")},
    )
    birth_date = _birth_date_field(required=False)
    place = forms.CharField(
        label=_("Lugar"),
        max_length=200,
        error_messages={"required": _("Indique dónde está la mesa."), "max_length": _("El lugar admite como máximo %(limit_value)d caracteres.")},
    )

    def clean_birth_date(self):
        return _check_birth_date(self.cleaned_data["birth_date"])


class DeskRecordForm(DocumentFields):
    action = forms.ChoiceField(
        label=_("Cómo vota"),
        choices=[("code", _("Con un código de un solo uso")), ("paper", _("En papel"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Elija cómo vota la persona."), "invalid_choice": _("Elija cómo vota la persona.")},
    )
