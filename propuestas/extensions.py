"""Extension points of `propuestas`, filled in by the apps above it from their `AppConfig.ready()`.

The layers run portal → convocatorias → propuestas → evaluacion / votaciones / verificacion →
banco: `propuestas` never imports an app above it. Where a proposal's URLs or public page show
something a higher app owns (the technical evaluation's sheet, say), that app registers it here.
Registration is idempotent per key (`ready()` may run more than once in tests).
"""

from dataclasses import dataclass
from typing import Callable

_urls = {}
_sections = {}


@dataclass(frozen=True)
class PageSection:
    """A section of a proposal's public page, below the proposal and above its timeline.

    `context(request, proposal)` returns the template's context, or None to leave the section
    out; `select_related` names relations of `Proposal` the page loads with the proposal so
    that the section costs no query of its own.
    """

    key: str
    template_name: str
    context: Callable
    select_related: tuple = ()


def register_urls(key, patterns):
    """Add URL patterns under /propuestas/ (namespace `propuestas`)."""
    _urls[key] = list(patterns)


def urlpatterns():
    return [pattern for patterns in _urls.values() for pattern in patterns]


def register_page_section(key, *, template_name, context, select_related=()):
    _sections[key] = PageSection(key, template_name, context, tuple(select_related))


def page_related():
    """The relations the page sections read: `proposal_for_page` selects them."""
    return [name for section in _sections.values() for name in section.select_related]


def page_sections(request, proposal):
    """[{"template_name", "context"}] of the sections shown for `proposal`, in registration order."""
    shown = []
    for section in _sections.values():
        context = section.context(request, proposal)
        if context is not None:
            shown.append({"template_name": section.template_name, "context": context})
    return shown
