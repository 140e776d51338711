"""The voting app's part of a person's data: their online ballots, choices and receipts.

Registered with `portal.personal_data` by `VotacionesConfig.ready()`. On deletion a ballot stays
in its box (the tally must not change) without its voter.
"""

from django.utils.translation import gettext_lazy as _

from portal import personal_data

from .models import Ballot


def export_ballots(user):
    ballots = (
        Ballot.objects.filter(voter=user)
        .select_related("box__call", "box__territory")
        .prefetch_related("choices__proposal")
        .order_by("pk")
    )
    return [
        {
            "call": ballot.box.call.title,
            "territory": str(ballot.box.territory),
            "channel": ballot.channel,
            "receipt": ballot.receipt,
            "receipt_fingerprint": ballot.fingerprint,
            "cast_at": ballot.created_at.isoformat(),
            "updated_at": ballot.updated_at.isoformat(),
            "changes": ballot.changes,
            "choices": [
                {"proposal_id": choice.proposal_id, "reference": choice.proposal.reference, "title": choice.proposal.title}
                for choice in ballot.choices.all()
            ],
        }
        for ballot in ballots
    ]


def register():
    personal_data.register("ballots", models=["votaciones.Ballot"], export=export_ballots)
    personal_data.register(
        "voting_staff_work",
        models=["votaciones.WorkshopSession", "votaciones.VotingCode", "votaciones.BoxResult"],
        note=_("Trabajo del personal (talleres, códigos anulados, conteos): se conserva sin su autor."),
    )
