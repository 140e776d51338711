"""The talleres app's part of a person's data (registered with `portal.personal_data`).

- workshop participations (registrations and attendance): downloaded; on account deletion the
  row stays for the attendance counts but loses everything that tells the person (account, name,
  gender, age range, consents);
- the staff records (facilitators named on a workshop, who entered an idea, who merged, split or
  reverted ideas): the links are cleared by the database when the account goes (SET_NULL, and the
  facilitators' link rows are deleted).
"""

from django.db import transaction

from portal import personal_data

from .models import Participation


def _iso(value):
    return value.isoformat() if value else None


def export_participations(user):
    rows = Participation.objects.filter(user=user).select_related("workshop", "table").order_by("pk")
    return [
        {
            "workshop": row.workshop.title,
            "starts_at": _iso(row.workshop.starts_at),
            "place": row.workshop.place,
            "source": row.source,
            "status": row.status,
            "attended": row.attended,
            "table": row.table.name if row.table else None,
            "registered_at": _iso(row.created_at),
            "url": row.workshop.get_absolute_url(),
        }
        for row in rows
    ]


@transaction.atomic
def erase_participations(user):
    Participation.objects.filter(user=user).update(
        user=None, name="", name_consent=False, demographics_consent=False, gender="", age_range=""
    )


def register():
    personal_data.register(
        "workshop_participations",
        models=["talleres.Participation"],
        export=export_participations,
        erase=erase_participations,
    )
    personal_data.register(
        "workshop_staff_records",
        models=["talleres.Workshop", "talleres.Workshop_facilitators", "talleres.WorkshopIdea", "talleres.ProposalLineage"],
        note=(
            "Registros del personal (facilitación de un taller, quién registró una idea o la fusionó, "
            "dividió o revirtió): no son datos de la persona como participante; al eliminar la cuenta "
            "el vínculo se borra."
        ),
    )
