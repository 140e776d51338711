"""What propuestas tells the apps above it (the project bank's search listens: banco/signals.py).

`proposal_changed` is sent, with `proposal_id`, when a proposal changed without a save() of its row
(a QuerySet.update of its counts, a comment hidden, an evaluation published): saves and deletions
are Django's own post_save/post_delete.
"""

from django.dispatch import Signal

proposal_changed = Signal()


def send_proposal_changed(proposal_id):
    proposal_changed.send(sender="propuestas", proposal_id=proposal_id)
