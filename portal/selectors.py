"""Read-side queries for site-wide content and figures."""

from django.contrib.auth import get_user_model
from django.db.models import Prefetch

from convocatorias.models import CallEvent, CallPage, Theme

from .models import Capsule, GuidePage


def capsules_for(*, theme_slug="", home_only=False, limit=None):
    capsules = Capsule.objects.prefetch_related(Prefetch("themes", queryset=Theme.objects.all()))
    if home_only:
        capsules = capsules.filter(show_on_home=True)
    if theme_slug:
        capsules = capsules.filter(themes__slug=theme_slug)
    return capsules[:limit] if limit else capsules


def guides(*, parent=None, limit=None):
    pages = GuidePage.objects.live().public().order_by("-first_published_at", "pk")
    if parent is not None:
        pages = pages.child_of(parent)
    return pages[:limit] if limit else pages


def participation_figures():
    """Counts shown on the home page. Later issues add proposals, supports and votes."""
    return {
        "citizens": get_user_model().objects.filter(is_active=True, is_staff=False).count(),
        "calls": CallPage.objects.live().public().count(),
        "workshops": CallEvent.objects.filter(call__live=True).count(),
    }
