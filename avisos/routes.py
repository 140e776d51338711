"""Where avisos shows itself on the pages of the apps below (registered from `ready()`)."""



from banco import extensions as bank_extensions
from convocatorias import routes as call_routes
from propuestas import extensions

from . import selectors
from .models import FOLLOW_KINDS


def call_panel(request, call):
    return {"call": call, "follow": selectors.follow_of(request.user, call=call), "kinds": FOLLOW_KINDS}


def bank_panel(request, query, results):
    """"Follow this territory" when the bank shows exactly one territory's proposals."""
    if len(query.territories) != 1:
        return None
    territory_id = query.territories[0]
    label = ""
    for value in results.facets.get("territory") or []:
        if value.value == territory_id or str(value.value) == str(territory_id):
            label = value.label
    if not label:
        return None
    follow = None
    if request.user.is_authenticated:
        from .models import Follow

        follow = Follow.objects.filter(user=request.user, territory_id=territory_id).first()
    return {"territory_id": territory_id, "territory_name": label, "follow": follow}


def participation(user):
    return {"follows": selectors.follows_of(user)}


def register():
    call_routes.register_panel("avisos_follow", template_name="avisos/includes/follow_call.html", context=call_panel)
    bank_extensions.register_search_panel(
        "avisos_follow_territory", template_name="avisos/includes/follow_territory.html", context=bank_panel
    )
    extensions.register_participation_section(
        "avisos_follows", template_name="avisos/includes/my_follows.html", context=participation
    )



