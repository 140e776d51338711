"""The verification app's part of a person's data: their verification and in-person requests.

Registered with `portal.personal_data` by `VerificacionConfig.ready()`. A verification and its
requests go with the account (CASCADE); the desk's audit keeps its rows without the account.
The download never holds a document number (none is stored) nor its hash.
"""

from django.utils.translation import gettext_lazy as _

from portal import personal_data

from .models import InPersonRequest, Verification


def export_verification(user):
    verification = Verification.objects.filter(user=user).select_related("territory").first()
    requests = [
        {"requested_at": item.created_at.isoformat(), "message": item.message, "resolved_at": item.resolved_at.isoformat() if item.resolved_at else None}
        for item in InPersonRequest.objects.filter(user=user).order_by("pk")
    ]
    if verification is None:
        return {"verified": False, "in_person_requests": requests}
    return {
        "verified": True,
        "document_type": verification.document_type,
        "territory": str(verification.territory),
        "birth_date": verification.birth_date.isoformat() if verification.birth_date else None,
        "method": verification.method,
        "place": verification.place,
        "verified_at": verification.verified_at.isoformat(),
        "in_person_requests": requests,
    }


def register():
    personal_data.register(
        "verification", models=["verificacion.Verification", "verificacion.InPersonRequest"], export=export_verification
    )
    personal_data.register(
        "verification_staff_work",
        models=["verificacion.CensusImport", "verificacion.DeskAction"],
        note=_("Trabajo del personal (importaciones del padrón, registro de la mesa de verificación): se conserva sin su autor ni la cuenta atendida."),
    )
