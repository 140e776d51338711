"""Account write operations and the personal data export (keyword-only, one transaction each)."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

PROFILE_FIELDS = ("display_name", "territory", "demographics_consent", "age_range", "gender")
DEMOGRAPHIC_FIELDS = ("age_range", "gender")


@transaction.atomic
def update_profile(*, user, data):
    """Save the profile fields present in `data`. Without consent, demographics are erased."""
    for name in PROFILE_FIELDS:
        if name in data:
            setattr(user, name, data[name])
    user.display_name = (user.display_name or "").strip()
    user.age_range = user.age_range or ""
    user.gender = user.gender or ""
    user.demographics_consent = bool(user.demographics_consent)
    if not user.demographics_consent:
        for name in DEMOGRAPHIC_FIELDS:
            setattr(user, name, "")
    others = [field.name for field in user._meta.fields if field.name not in PROFILE_FIELDS]
    user.full_clean(exclude=others, validate_unique=False)
    user.save(update_fields=list(PROFILE_FIELDS))
    return user


def _isoformat(value):
    return value.isoformat() if value else None


def export_personal_data(*, user):
    """Everything the platform keeps about a person, as plain JSON-ready data. Never secrets."""
    territory = user.territory
    return {
        "generated_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "date_joined": _isoformat(user.date_joined),
            "last_login": _isoformat(user.last_login),
        },
        "profile": {
            "territory": str(territory) if territory else None,
            "demographics_consent": user.demographics_consent,
            "age_range": user.age_range,
            "age_range_label": str(user.get_age_range_display()) if user.age_range else "",
            "gender": user.gender,
            "gender_label": str(user.get_gender_display()) if user.gender else "",
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
        ],
        "mfa": [
            {
                "type": authenticator.type,
                "created_at": _isoformat(authenticator.created_at),
                "last_used_at": _isoformat(authenticator.last_used_at),
            }
            for authenticator in Authenticator.objects.filter(user=user).order_by("created_at")
        ],
    }


def check_can_delete_account(*, user):
    """Superusers cannot delete themselves here: the site must never be left without one."""
    if user.is_superuser:
        raise ValidationError(
            _(
                "Una cuenta de superusuario no puede eliminarse desde aquí. Pida a otra persona "
                "administradora que retire sus permisos primero."
            ),
            code="superuser",
        )


@transaction.atomic
def delete_account(*, user):
    """Delete the person and, by cascade, their email addresses and authenticators."""
    check_can_delete_account(user=user)
    try:
        user.delete()
    except ProtectedError as error:
        raise ValidationError(
            _(
                "Su cuenta tiene información que debe conservarse y no puede eliminarse "
                "automáticamente. Escríbanos y la eliminaremos por usted."
            ),
            code="protected",
        ) from error
