from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotacionesConfig(AppConfig):
    """Ballots, voting, workshop codes and results rules (later issues)."""

    name = "votaciones"
    verbose_name = _("Votaciones")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Page

        from convocatorias.models import CallPage, CallPhase, CallTerritory, Territory

        from . import selectors
        from .models import BallotBox

        # The ballot page caches its box with the call, phases, territory and ceiling: any edit
        # of them (publishing, unpublishing or moving a call saves its page) empties it.
        def call_saved(sender, instance, **kwargs):
            selectors.forget_boxes(call_id=instance.pk)

        def part_saved(sender, instance, **kwargs):
            selectors.forget_boxes(call_id=instance.call_id)

        def territory_saved(sender, instance, **kwargs):
            selectors.forget_boxes(territory_id=instance.pk)

        def box_saved(sender, instance, **kwargs):
            selectors.forget_boxes(box_ids=[instance.pk])

        for signal in (post_save, post_delete):
            for model, receiver in (
                (Page, call_saved),
                (CallPage, call_saved),
                (CallPhase, part_saved),
                (CallTerritory, part_saved),
                (Territory, territory_saved),
                (BallotBox, box_saved),
            ):
                signal.connect(receiver, sender=model, weak=False, dispatch_uid=f"votaciones_box_cache_{model.__name__}")

        # The ballot sheet (projects, pictures, themes) and the rendered ballot page, shared by
        # every voter: any edit of what they show retires them all (selectors.GENERATION_KEY).
        from convocatorias.models import Theme
        from portal.models import SiteSettings
        from propuestas.models import Proposal, ProposalImage
        from wagtail.models import Site

        def shown_saved(sender, instance, **kwargs):
            selectors.forget_sheets()

        for signal in (post_save, post_delete):
            for model in (Proposal, ProposalImage, Theme, SiteSettings, Site):
                signal.connect(
                    shown_saved, sender=model, weak=False, dispatch_uid=f"votaciones_sheet_cache_{model.__name__}"
                )
