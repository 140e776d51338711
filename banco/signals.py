"""Keeps the bank's search index and followers in step with proposals (connected in apps.py)."""

from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import Signal, receiver

from propuestas.models import Proposal
from propuestas.signals import proposal_changed

from .search.indexing import schedule_update

#: Sent after the commit of a new execution update (not of a correction), as
#: `execution_update_published(sender=ExecutionUpdate, update=<ExecutionUpdate>)`: the
#: notifications app (avisos) tells the project's followers.
execution_update_published = Signal()


@receiver(post_save, sender=Proposal, dispatch_uid="banco_index_proposal_saved")
def proposal_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        schedule_update(instance.pk)


@receiver(post_delete, sender=Proposal, dispatch_uid="banco_index_proposal_deleted")
def proposal_deleted(sender, instance, **kwargs):
    schedule_update(instance.pk)


@receiver(proposal_changed, dispatch_uid="banco_index_proposal_changed")
def proposal_changed_elsewhere(sender, proposal_id, **kwargs):
    """A proposal changed without a save (its counts, a comment, an evaluation): reindex it."""
    schedule_update(proposal_id)


@receiver(post_migrate, dispatch_uid="banco_fulltext_after_migrate")
def repair_fulltext(sender, using="default", **kwargs):
    """SQLite loses a table's triggers when a migration rebuilds it: put them back (and reindex)."""
    if getattr(sender, "label", None) != "banco":
        return
    from .search.database import ensure_fulltext

    ensure_fulltext(using)
