"""What the indicators add to the apps below them, registered from `IndicadoresConfig.ready()`:
the «Impacto esperado» section of a proposal's page (its indicators with baseline, target and
the values measured since, next to the project's status)."""

from propuestas import extensions

from . import selectors

EDIT_PERMISSION = "indicadores.change_projectindicator"


def proposal_section(request, proposal):
    rows = selectors.impact_for(proposal)
    can_edit = request.user.is_authenticated and request.user.has_perm(EDIT_PERMISSION)
    if not rows and not can_edit:
        return None
    return {"rows": rows, "proposal": proposal, "can_edit": can_edit}


def register():
    extensions.register_page_section(
        "impact_indicators", template_name="indicadores/proposal_section.html", context=proposal_section
    )
