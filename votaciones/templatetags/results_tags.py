"""Template tags of the results.

    {% load results_tags %}
    {% page_results page as results %}   the CMS results page's call, its computed tables
                                         (`items`, None until counted) and its voting phase
"""

from django import template

from ..results_views import call_results, download_links
from ..services import voting_phase

register = template.Library()


@register.simple_tag
def page_results(page):
    """What a `ResultsPage` shows of its call: the stored count, never numbers typed by editors."""
    call = page.call if page.call_id else None
    items = None
    if call is not None:
        items = call_results(call)
        if items is not None:
            download_links(call, items)
    return {"call": call, "items": items, "voting_phase": voting_phase(call) if call else None}
