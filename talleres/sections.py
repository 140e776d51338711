"""The section of a proposal's page that talleres adds (propuestas.extensions): the workshop and
table an idea came from, the ideas a project came from, and what became of an idea."""

from . import selectors
from .models import UniversityGroupProfile, WorkshopIdea


def origin_context(request, proposal):
    try:
        origin = proposal.workshop_origin
    except WorkshopIdea.DoesNotExist:  # not an idea from a workshop
        origin = None
    university = None
    if proposal.group_id:
        try:
            university = proposal.group.university_profile  # select-related with the proposal
        except UniversityGroupProfile.DoesNotExist:
            university = None
    lineage = selectors.lineage_of(proposal)
    if origin is None and university is None and not lineage["sources"] and not lineage["results"]:
        return None
    results = lineage["results"]
    return {
        "origin": origin,
        "university": university,
        "actions": list(university.actions.all()) if university else [],
        "came_from": lineage["sources"],
        "became": results,
        "became_kind": results[0].kind if results else None,
    }
