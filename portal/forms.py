"""Account and profile forms: the validation rules for what a person may write about themselves."""

import re
import unicodedata

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .services import check_can_delete_account, update_profile

EMAIL_MAX_LENGTH = 254
DISPLAY_NAME_MAX_LENGTH = 80
DEMOGRAPHIC_FIELDS = ("age_range", "gender")

# Something that looks like a web address or an email address does not belong in a public name.
LINK_PATTERN = re.compile(
    r"(https?://|www\.|\S+\.(com|org|net|info|co|mx|es|io|xyz|ru|cn|biz)\b|\S+@\S+)",
    re.IGNORECASE,
)


class SignupForm(AllauthSignupForm):
    """allauth's signup, with the email normalised and its length checked before the database."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["maxlength"] = str(EMAIL_MAX_LENGTH)

    def clean_email(self):
        email = (self.cleaned_data.get("email") or "").strip().lower()
        if len(email) > EMAIL_MAX_LENGTH:
            raise forms.ValidationError(
                _("El correo electrónico es demasiado largo: use como máximo %(max)s caracteres."),
                code="max_length",
                params={"max": EMAIL_MAX_LENGTH},
            )
        self.cleaned_data["email"] = email
        return super().clean_email()


def _has_control_characters(value):
    return any(unicodedata.category(char) in {"Cc", "Cf", "Co", "Cs"} for char in value)


class ProfileForm(forms.ModelForm):
    """Public name, territory and the optional demographics (only with consent)."""

    display_name = forms.CharField(
        label=_("Nombre público"),
        max_length=DISPLAY_NAME_MAX_LENGTH,
        required=False,
        strip=True,
        help_text=_(
            "Cómo aparece su nombre junto a sus propuestas y comentarios. Si lo deja vacío se "
            "mostrará «Participante» y un número. Nunca mostramos su correo."
        ),
        error_messages={
            "max_length": _("El nombre público puede tener como máximo %(limit_value)d caracteres."),
        },
    )
    demographics_consent = forms.BooleanField(
        label=_("Autorizo el uso de mis datos demográficos en estadísticas de participación"),
        required=False,
    )
    age_range = forms.ChoiceField(
        label=_("Rango de edad"),
        required=False,
        error_messages={"invalid_choice": _("Elija un rango de edad de la lista.")},
    )
    gender = forms.ChoiceField(
        label=_("Género"),
        required=False,
        error_messages={"invalid_choice": _("Elija una opción de género de la lista.")},
    )

    class Meta:
        model = get_user_model()
        fields = ["display_name", "territory", "demographics_consent", "age_range", "gender"]
        # The territory's choices come from the model's foreign key (convocatorias.Territory).
        labels = {"territory": _("Territorio de residencia")}
        error_messages = {"territory": {"invalid_choice": _("Elija un territorio de la lista.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        User = get_user_model()
        blank = [("", _("— Sin indicar —"))]
        self.fields["territory"].empty_label = blank[0][1]
        self.fields["age_range"].choices = blank + list(User.AgeRange.choices)
        self.fields["gender"].choices = blank + list(User.Gender.choices)

    def clean_display_name(self):
        value = self.cleaned_data.get("display_name", "")
        raw = self.data.get(self.add_prefix("display_name"), "")
        if raw and not value:
            raise forms.ValidationError(
                _("El nombre público no puede estar formado solo por espacios."), code="blank"
            )
        if _has_control_characters(value):
            raise forms.ValidationError(
                _("El nombre público contiene caracteres no permitidos."), code="invalid"
            )
        value = " ".join(unicodedata.normalize("NFC", value).split())
        if LINK_PATTERN.search(value):
            raise forms.ValidationError(
                _("El nombre público no puede contener direcciones web ni de correo."),
                code="invalid",
            )
        if value and (
            get_user_model()
            .objects.filter(display_name__iexact=value)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            raise forms.ValidationError(_("Ese nombre público ya está en uso."), code="unique")
        return value

    def clean(self):
        cleaned_data = super().clean()
        consent = cleaned_data.get("demographics_consent")
        given = [name for name in DEMOGRAPHIC_FIELDS if cleaned_data.get(name)]
        if given and not consent:
            self.add_error(
                "demographics_consent",
                forms.ValidationError(
                    _("Para guardar datos demográficos marque la casilla de consentimiento."),
                    code="consent_required",
                ),
            )
        if not consent:
            for name in DEMOGRAPHIC_FIELDS:
                cleaned_data[name] = ""
        return cleaned_data

    def save(self, commit=True):
        """Saving goes through the service, where the profile rules live."""
        return update_profile(user=self.instance, data=self.cleaned_data)


class AccountDeleteForm(forms.Form):
    """Deleting an account needs the current password."""

    password = forms.CharField(
        label=_("Contraseña actual"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={
            "required": _("Escriba su contraseña actual para confirmar."),
            "max_length": _("La contraseña no es correcta."),
        },
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("La contraseña no es correcta."), code="incorrect_password")
        return password

    def clean(self):
        cleaned_data = super().clean()
        check_can_delete_account(user=self.user)
        return cleaned_data
