from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotacionesConfig(AppConfig):
    """Ballots, voting, workshop codes and results rules (later issues)."""

    name = "votaciones"
    verbose_name = _("Votaciones")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save
        from wagtail.models import Page

        from convocatorias.models import CallPage, CallPhase, CallTerritory, CallThemeCap, Territory, Theme
        from propuestas.models import Proposal, ProposalImage

        from . import selectors
        from .personal_data import register as register_personal_data

        register_personal_data()
        from convocatorias import routes
        from propuestas import extensions

        from . import exports, results_views
        from .models import AlternativeGroup, BallotBox

        routes.register("resultados/", "results", results_views.results_page)
        routes.register("resultados/todo/zip/", "results_zip", exports.download_zip)
        routes.register("resultados/<int:territory_id>/<slug:fmt>/", "results_download", exports.download)
        extensions.register_participation_section(
            "my_votes", template_name="votaciones/includes/my_votes.html", context=selectors.my_ballots
        )

        # A ballot sheet (box, call, phases, territory, ceiling, projects, their themes and
        # pictures) is cached under its box's version: any edit of what it shows gives the boxes
        # concerned a new version (publishing, unpublishing or moving a call saves its page).
        receivers = {
            Page: lambda instance: selectors.retire_boxes(call_ids=[instance.pk]),
            CallPage: lambda instance: selectors.retire_boxes(call_ids=[instance.pk]),
            CallPhase: lambda instance: selectors.retire_boxes(call_ids=[instance.call_id]),
            CallTerritory: lambda instance: selectors.retire_boxes(call_ids=[instance.call_id]),
            CallThemeCap: lambda instance: selectors.retire_boxes(call_ids=[instance.call_id]),
            AlternativeGroup: lambda instance: selectors.retire_boxes(call_ids=[instance.call_id]),
            Territory: lambda instance: selectors.retire_boxes(territory_ids=[instance.pk]),
            BallotBox: lambda instance: selectors.retire_boxes(box_ids=[instance.pk]),
            Proposal: lambda instance: selectors.retire_boxes(call_ids=[instance.call_id]),
            ProposalImage: lambda instance: selectors.retire_boxes(
                call_ids=Proposal.objects.filter(pk=instance.proposal_id).values_list("call_id", flat=True)
            ),
            Theme: lambda instance: selectors.retire_boxes(
                call_ids=Proposal.objects.filter(theme=instance).values_list("call_id", flat=True).distinct()
            ),
        }
        for model, retire in receivers.items():

            def receiver(sender, instance, _retire=retire, **kwargs):
                _retire(instance)

            for signal in (post_save, post_delete):
                signal.connect(receiver, sender=model, weak=False, dispatch_uid=f"votaciones_sheet_{model.__name__}")

        def alternatives_changed(sender, instance, **kwargs):
            # `instance` is the group, or a proposal when changed from its side: both know their call.
            selectors.retire_boxes(call_ids=[instance.call_id])

        m2m_changed.connect(
            alternatives_changed, sender=AlternativeGroup.proposals.through, weak=False, dispatch_uid="votaciones_sheet_alternatives"
        )
