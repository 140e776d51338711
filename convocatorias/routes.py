"""The sub-pages of a call that the apps above contribute (its proposals, results, downloads…).

A call page (`CallPage`, a Wagtail routable page) serves its own routes (the calendar) and those
registered here, so `convocatorias` never imports the apps that build on it. An app registers its
routes in its `AppConfig.ready()`:

    from convocatorias import routes
    routes.register("propuestas/", "proposals", views.proposal_list)

The view is called as `view(request, *args, call=<the CallPage>, **kwargs)`; the name is what
`call.reverse_subpage(name)` reverses. Routes must be registered before the first request (the page
class builds its resolver once); registering a name again replaces its route (`ready()` may run
more than once in tests).
"""

from django.urls import path

_patterns = []


def register(route, name, view):
    """Serve `view` at `route` (a Django path pattern, relative to the call's URL) under `name`."""
    def serve(call, request, *args, **kwargs):
        return view(request, *args, call=call, **kwargs)

    serve.__name__ = serve.__qualname__ = getattr(view, "__name__", name)
    _patterns[:] = [pattern for pattern in _patterns if pattern.name != name]
    _patterns.append(path(route, serve, name=name))


def patterns():
    """The registered routes, in registration order (Django URL patterns)."""
    return tuple(_patterns)


# --- Panels of a call page ------------------------------------------------------------------------

_panels = {}


def register_panel(key, *, template_name, context):
    """A panel on a call's page (after its summary) from an app above: `context(request, call)`
    returns the template's context, or None to leave the panel out. Idempotent per key."""
    _panels[key] = (template_name, context)


def panels(request, call):
    """[{"template_name", "context"}] of the registered panels shown for `call`."""
    shown = []
    for template_name, context in _panels.values():
        data = context(request, call)
        if data is not None:
            shown.append({"template_name": template_name, "context": data})
    return shown
