"""The sections the apps above add to "Mi participación" (votaciones: my votes; banco: the projects
I follow), so this page never imports them.

An app registers a section in its `AppConfig.ready()`:

    from propuestas import participation
    participation.register("votaciones/includes/my_votes.html", selectors.my_ballots)

`context(user)` returns the section template's context (a dict); the page includes the sections
after the person's proposals, in registration order (the order of INSTALLED_APPS), with the page's
own context (request, csrf_token) plus the section's.
"""

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Section:
    template: str
    context: Callable


_sections = []


def register(template, context):
    if any(section.template == template for section in _sections):
        raise ValueError(f"A participation section with template {template!r} is already registered")
    _sections.append(Section(template, context))


def registered():
    """The registered sections, in order."""
    return tuple(_sections)


def sections_for(user):
    """[(template, context)] of every registered section, for `user`."""
    return [(section.template, section.context(user)) for section in _sections]
