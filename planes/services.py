"""Writes of the development plans: aligning a project with plan items."""

from django.db import transaction
from django.utils.translation import gettext as _

from portal.errors import ActionRefused

from .models import PlanItem

ALIGN_PERMISSION = "planes.align_project"


def may_align(user):
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(ALIGN_PERMISSION))


@transaction.atomic
def set_alignment(*, proposal, item_ids, user):
    """Align `proposal` with exactly the plan items `item_ids` (replacing what it had)."""
    if not may_align(user):
        raise ActionRefused(_("No tiene permiso para alinear proyectos con los planes."), "forbidden")
    wanted = {int(pk) for pk in item_ids}
    items = list(PlanItem.objects.filter(pk__in=wanted))
    if len(items) != len(wanted):
        raise ActionRefused(_("Alguno de los elementos de plan elegidos ya no existe."), "invalid")
    proposal.plan_items.set(items)
    return items
