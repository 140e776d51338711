"""The figures of the pedagogy page, computed by the apps above portal.

portal is the lowest layer: the pedagogy page (`GuideIndexPage`) shows what an app registers here
from its `AppConfig.ready()` (talleres: the encuentros' attendance). A provider is a callable
returning a list of {"value": number, "label": text}; registration is idempotent per key.
"""

_providers = {}


def register_figures(key, provider):
    _providers[key] = provider


def figures():
    """Every registered provider's figures, in registration order."""
    shown = []
    for provider in _providers.values():
        shown.extend(provider())
    return shown
