"""Extension points of the bank, filled in by the apps above it from their `AppConfig.ready()`.

- panels of the bank's search page (avisos: "follow this territory" when the results are
  filtered by one territory): `context(request, query, results)` returns the template's context,
  or None to leave the panel out. Registration is idempotent per key.
"""

_panels = {}


def register_search_panel(key, *, template_name, context):
    _panels[key] = (template_name, context)


def search_panels(request, query, results):
    shown = []
    for template_name, context in _panels.values():
        data = context(request, query, results)
        if data is not None:
            shown.append({"template_name": template_name, "context": data})
    return shown
