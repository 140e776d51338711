"""Template tags of the execution monitoring.

    {% load execution_tags %}
    {% project_timeline proposal %}      the project's history: submission → evaluation → vote → execution,
                                          with the follow/unfollow form (the proposal page)
    {% execution_progress update %}      an accessible progress bar of an update (lists of projects)
"""

from django import template

from .. import execution

register = template.Library()


@register.inclusion_tag("banco/execution/timeline.html", takes_context=True)
def project_timeline(context, proposal):
    """At most six queries whatever the number of events and updates (timeline: up to four;
    follow block: the follower count, and whether the signed-in person follows)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    followable = execution.is_followable(proposal)
    latest = None
    entries = execution.project_timeline(proposal)
    for entry in reversed(entries):
        if entry.kind == "update":
            latest = entry.update
            break
    return {
        "request": request,
        "user": user,
        "proposal": proposal,
        "currency": proposal.currency,
        "entries": entries,
        "latest": latest,
        "monitored": execution.is_monitored(proposal),
        "followable": followable,
        "following": execution.is_following(user, proposal) if followable else False,
        "followers": execution.followers_count(proposal) if followable else 0,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("banco/execution/progress.html")
def execution_progress(update, label=""):
    return {"update": update, "label": label}
