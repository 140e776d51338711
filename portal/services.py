"""Account write operations and the personal data export (keyword-only, one transaction each)."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from . import personal_data

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


def export_account(user):
    return {
        "email": user.email,
        "display_name": user.display_name,
        "date_joined": _isoformat(user.date_joined),
        "last_login": _isoformat(user.last_login),
        "roles": sorted(user.groups.values_list("name", flat=True)),
    }


def export_profile(user):
    territory = user.territory
    return {
        "territory": str(territory) if territory else None,
        "demographics_consent": user.demographics_consent,
        "age_range": user.age_range,
        "age_range_label": str(user.get_age_range_display()) if user.age_range else "",
        "gender": user.gender,
        "gender_label": str(user.get_gender_display()) if user.gender else "",
    }


def export_email_addresses(user):
    return [
        {"email": address.email, "verified": address.verified, "primary": address.primary}
        for address in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
    ]


def export_mfa(user):
    return [
        {
            "type": authenticator.type,
            "created_at": _isoformat(authenticator.created_at),
            "last_used_at": _isoformat(authenticator.last_used_at),
        }
        for authenticator in Authenticator.objects.filter(user=user).order_by("created_at")
    ]


#: Models of the Wagtail admin that point to a person: staff work, kept for the institution's
#: record without its author when the account is deleted (or deleted with it, by cascade).
WAGTAIL_STAFF_MODELS = [
    "wagtailusers.UserProfile", "wagtaildocs.Document", "wagtailimages.Image",
    "wagtailadmin.EditingSession", "wagtailadmin.FormState", "wagtailcore.APIToken",
    "wagtailcore.ModelLogEntry", "wagtailcore.PageLogEntry", "wagtailcore.Revision",
    "wagtailcore.UploadedFile", "wagtailcore.WorkflowState", "wagtailcore.TaskState",
    "wagtailcore.Page", "wagtailcore.Comment", "wagtailcore.CommentReply", "wagtailcore.PageSubscription",
]  # fmt: skip


def register_personal_data():
    """The account's own sources (called by `PortalConfig.ready()`)."""
    personal_data.register(
        "account",
        models=["portal.User", "portal.User_groups", "portal.User_user_permissions"],
        export=export_account,
    )
    personal_data.register("profile", models=[], export=export_profile)
    personal_data.register("email_addresses", models=["account.EmailAddress"], export=export_email_addresses)
    # Authenticators: their types and dates only, never their secrets.
    personal_data.register("mfa", models=["mfa.Authenticator"], export=export_mfa)
    personal_data.register(
        "site_settings",
        models=["portal.SiteSettings"],
        note=_lazy("La dirección de contacto de la institución, no de una persona."),
    )
    personal_data.register(
        "admin_work",
        models=WAGTAIL_STAFF_MODELS,
        note=_lazy(
            "Trabajo del personal en la administración (páginas, revisiones, documentos, imágenes, "
            "registros): se conserva sin su autor; las preferencias y fichas se eliminan con la cuenta."
        ),
    )


#: The sections that open the download, in this order; the others follow as registered.
FIRST_SECTIONS = ("account", "profile", "email_addresses", "mfa")


def export_personal_data(*, user):
    """Everything the platform keeps about a person, as plain JSON-ready data. Never secrets.

    Every app adds its own sections (`portal.personal_data`): proposals, groups, supports,
    comments, ballots and receipts, followed projects…
    """
    sections = personal_data.export_sections(user=user)
    data = {"generated_at": timezone.now().isoformat()}
    data.update({key: sections.pop(key) for key in FIRST_SECTIONS if key in sections})
    data.update(sections)
    return data


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
    """Delete the person: every app first erases the copies of their name and email it keeps
    (comments), then the cascade removes their addresses, authenticators, supports, memberships
    and follows, and the rest (proposals, ballots, staff work) stays without them."""
    check_can_delete_account(user=user)
    try:
        personal_data.erase_all(user=user)
        user.delete()
    except ProtectedError as error:
        raise ValidationError(
            _(
                "Su cuenta tiene información que debe conservarse y no puede eliminarse "
                "automáticamente. Escríbanos y la eliminaremos por usted."
            ),
            code="protected",
        ) from error
