"""Receivers of the other apps' signals: each turns a signal into an event (`events.py`).

- banco: `execution_update_published` → execution updates for the project's followers;
- votaciones: `results_published` → the results of a box;
- talleres: `workshop_published` → a workshop near the followers of its territory or call.
"""

from django.dispatch import receiver

from banco.signals import execution_update_published
from talleres.signals import workshop_published
from votaciones.signals import results_published

from . import events


@receiver(execution_update_published, dispatch_uid="avisos_execution_update")
def on_execution_update(sender, update, **kwargs):
    events.execution_update(update)


@receiver(results_published, dispatch_uid="avisos_results_published")
def on_results_published(sender, box, **kwargs):
    events.results_published(box)


@receiver(workshop_published, dispatch_uid="avisos_workshop_published")
def on_workshop_published(sender, workshop, **kwargs):
    events.workshop_published(workshop)
