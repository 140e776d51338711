"""What the evaluation adds to the apps below it, registered from `EvaluacionConfig.ready()`.

- `propuestas`: the public evaluation sheet's URLs (/propuestas/<pk>/evaluacion/ and .pdf) and
  the «Evaluación técnica» section of a proposal's page once its decision is published;
- `portal.personal_data`: the staff's evaluation records, kept without the name of a deleted
  account.
"""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from portal import personal_data
from propuestas import extensions

from . import selectors, views


def proposal_section(request, proposal):
    """The proposal page's evaluation section: only once the decision is published."""
    decision = selectors.published_decision(proposal)
    return None if decision is None else {"decision": decision}


def register():
    extensions.register_urls(
        "evaluation_sheet",
        [
            path("<int:pk>/evaluacion/", views.evaluation_sheet, name="evaluation_sheet"),
            path("<int:pk>/evaluacion.pdf", views.evaluation_sheet_pdf, name="evaluation_sheet_pdf"),
        ],
    )
    extensions.register_page_section(
        "evaluation",
        template_name="evaluacion/proposal_section.html",
        context=proposal_section,
        select_related=("decision",),
    )
    personal_data.register(
        "evaluation_work",
        models=[
            "evaluacion.EvaluationAssignment",
            "evaluacion.EvaluationChange",
            "evaluacion.EvaluationNote",
            "evaluacion.EvaluationDecision",
        ],
        note=_(
            "Trabajo del personal (revisión y evaluación de propuestas): se conserva como registro "
            "de la institución, sin el nombre de quien lo hizo después de eliminar la cuenta."
        ),
    )
