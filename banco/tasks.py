"""Background work of the project bank (django-tasks; see settings.TASKS)."""

import logging

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def update_bank_index(*, proposal_id):
    """Index one proposal in Elasticsearch if it is public, remove it otherwise.

    A failing Elasticsearch is logged, never raised into the request that saved the proposal
    (with the immediate backend the task runs inside it); `rebuild_bank_index` repairs the index.
    """
    from banco.search import get_backend

    backend = get_backend()
    if getattr(backend, "name", "") != "elasticsearch":
        return False
    try:
        backend.update(proposal_id)
    except Exception:
        logger.exception("No se pudo actualizar el índice del banco para la propuesta %s", proposal_id)
        return False
    return True
