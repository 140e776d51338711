"""What talleres tells the apps above it (avisos listens: follows and notifications).

- `workshop_published(workshop)`: a workshop became public (created published, or published later);
- `workshop_registered(participation)`: a person registered online for a workshop;
- `ideas_shaped(kind, sources, results, by)`: ideas were merged, split or rewritten into projects
  (`kind` is "merge", "split" or "rewrite"); `ideas_merged` is the same signal (an alias kept
  for listeners that only care about merges: check `kind`);
- `lineage_reverted(sources, results, by)`: staff undid such a step.

All are sent after the transaction commits, with `sender="talleres"`.
"""

from django.db import transaction
from django.dispatch import Signal

workshop_published = Signal()
workshop_registered = Signal()
ideas_shaped = Signal()
ideas_merged = ideas_shaped
lineage_reverted = Signal()


def send_on_commit(signal, **kwargs):
    transaction.on_commit(lambda: signal.send(sender="talleres", **kwargs))
