"""The bank's part of a person's data: the projects they follow.

Registered with `portal.personal_data` by `BancoConfig.ready()`.
"""

from django.utils.translation import gettext_lazy as _

from portal import personal_data

from .models import ProjectFollow


def export_follows(user):
    follows = ProjectFollow.objects.filter(user=user).select_related("proposal").order_by("pk")
    return [
        {
            "proposal_id": follow.proposal_id,
            "reference": follow.proposal.reference,
            "title": follow.proposal.title,
            "since": follow.created_at.isoformat(),
        }
        for follow in follows
    ]


def register():
    personal_data.register("follows", models=["banco.ProjectFollow"], export=export_follows)
    personal_data.register(
        "execution_staff_work",
        models=["banco.ExecutionUpdate"],
        note=_("Avances de ejecución publicados por el personal: se conservan sin su autor."),
    )
