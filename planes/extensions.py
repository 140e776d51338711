"""What the plans add to the apps below them, registered from `PlanesConfig.ready()`.

- `propuestas`: the «Alineación con los planes de desarrollo» section of a project's page.
"""

from propuestas import extensions

from . import selectors


def proposal_section(request, proposal):
    """The plan items the project is aligned with (one query); left out when there are none."""
    items = selectors.alignment_of(proposal)
    return {"items": items} if items else None


def register():
    extensions.register_page_section(
        "plan_alignment", template_name="planes/proposal_section.html", context=proposal_section
    )
