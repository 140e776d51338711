"""Receivers of the other apps' signals: each turns a signal into an event (`events.py`).

- banco: `execution_update_published` → execution updates for the project's followers;
- votaciones: `results_published` → the results of a box;
- talleres (when installed): `workshop_published` → a workshop near the followers of its
  territory or call. The app is built in parallel; the hookup is made only if its signals module
  exists, so avisos never depends on it at import time.
"""

import importlib
import importlib.util

from django.dispatch import receiver

from banco.signals import execution_update_published
from votaciones.signals import results_published

from . import events


@receiver(execution_update_published, dispatch_uid="avisos_execution_update")
def on_execution_update(sender, update, **kwargs):
    events.execution_update(update)


@receiver(results_published, dispatch_uid="avisos_results_published")
def on_results_published(sender, box, **kwargs):
    events.results_published(box)


def on_workshop_published(sender, workshop, **kwargs):
    events.workshop_published(workshop)


def connect_workshops():
    """Connect talleres' `workshop_published` if that app is there (a no-op otherwise)."""
    if importlib.util.find_spec("talleres") is None or importlib.util.find_spec("talleres.signals") is None:
        return False
    module = importlib.import_module("talleres.signals")
    signal = getattr(module, "workshop_published", None)
    if signal is None:
        return False
    signal.connect(on_workshop_published, dispatch_uid="avisos_workshop_published")
    return True
