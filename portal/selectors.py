"""Read-side queries for site-wide content and figures."""

from .models import Capsule, GuidePage


def capsules_for(*, theme_slug="", home_only=False, limit=None):
    capsules = Capsule.objects.prefetch_related("themes")
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


def capsule_themes():
    """The themes that tag at least one capsule, by name: the choices of the pedagogy's filter."""
    rows = Capsule.themes.through.objects.values_list("theme__slug", "theme__name").distinct()
    return [{"slug": slug, "name": name} for slug, name in sorted(rows, key=lambda row: row[1])]
