"""A new call made as a copy of an earlier one: what editors do every year.

The copy keeps the texts, themes, territories and their ceilings, and the calendar's shape: every
phase and event moves by the same amount, so that the first phase starts when the editor says and
durations and gaps stay as they were. It is a draft (never public, never counted anywhere) until
an editor publishes it; everything stays editable.
"""

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Page


class CopyRefused(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def slug_taken(parent, slug):
    return Page.objects.child_of(parent).filter(slug=slug).exists()


def copy_call(*, call, title, slug, first_phase_starts, user):
    """The new draft CallPage beside `call` (see the module's docstring). Raises CopyRefused."""
    parent = call.get_parent()
    if slug_taken(parent, slug):
        raise CopyRefused(
            _("Ya hay una página con la dirección «%(slug)s» en %(parent)s: elija otra.") % {"slug": slug, "parent": parent.title}
        )
    phases = sorted(call.phases.all(), key=lambda phase: phase.starts_at)
    shift = first_phase_starts - phases[0].starts_at if phases else None
    with transaction.atomic():
        copy = call.copy(
            to=parent,
            update_attrs={"title": title, "slug": slug, "seo_title": "", "draft_title": title},
            keep_live=False,
            copy_revisions=False,
            user=user,
        ).specific
        if shift is not None:
            for phase in copy.phases.all():
                phase.starts_at += shift
                phase.ends_at += shift
                phase.save(update_fields=["starts_at", "ends_at"])
            for event in copy.events.all():
                event.starts_at += shift
                event.save(update_fields=["starts_at"])
        copy.save_revision(user=user, log_action=False)
    return copy
