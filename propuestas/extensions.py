"""Extension points of `propuestas`, filled in by the apps above it from their `AppConfig.ready()`.

The layers run portal → convocatorias → propuestas → evaluacion / votaciones / verificacion →
banco: `propuestas` never imports an app above it. Where a proposal's URLs or pages show something
a higher app owns, that app registers it here:

- URLs under /propuestas/ and sections of a proposal's page (evaluacion: the evaluation sheet);
- sections of "Mi participación" (votaciones: my votes; banco: the projects I follow);
- the search that suggests similar proposals on a draft (banco's search).

Registration is idempotent per key (`ready()` may run more than once in tests).
"""

from dataclasses import dataclass
from typing import Callable

_urls = {}
_sections = {}
_participation = {}
_similar_search = []


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


# --- "Mi participación" ------------------------------------------------------------------------


def register_participation_section(key, *, template_name, context):
    """A section of "Mi participación", after the person's proposals: `context(user)` → dict."""
    _participation[key] = (template_name, context)


def participation_templates():
    return [template_name for template_name, _context in _participation.values()]


def participation_sections(user):
    """[(template_name, context)] of the registered sections for `user`, in registration order."""
    return [(template_name, context(user)) for template_name, context in _participation.values()]


# --- Similar proposals -------------------------------------------------------------------------


def register_similar_search(search):
    """`search(call=, text=, exclude_pk=, limit=)` → the proposals most like `text` (the bank's)."""
    _similar_search[:] = [search]


def similar_proposals(*, call, text, exclude_pk=None, limit=5):
    """Proposals like `text` from the registered search; none when no app registered one."""
    if not _similar_search:
        return []
    return _similar_search[0](call=call, text=text, exclude_pk=exclude_pk, limit=limit)
