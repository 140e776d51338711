"""Keeping the Elasticsearch index in step with proposals, through the task queue after commit.

With the database backend there is nothing to do (the search document is part of the row).
"""

import logging

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)


def elasticsearch_enabled():
    return bool(getattr(settings, "ELASTICSEARCH_URL", None))


def schedule_update(proposal_id):
    """After the current transaction commits, queue the re-indexing of one proposal.

    The task indexes it if public and removes it from the index otherwise, so it serves saves,
    deletions, hidings and count updates alike. Nothing happens without ELASTICSEARCH_URL.
    """
    if not elasticsearch_enabled() or proposal_id is None:
        return

    def enqueue():
        from banco.tasks import update_bank_index

        try:
            update_bank_index.enqueue(proposal_id=proposal_id)
        except Exception:  # a broken queue must never break the save that triggered it
            logger.exception("No se pudo encolar la actualización del índice del banco (%s)", proposal_id)

    transaction.on_commit(enqueue)
