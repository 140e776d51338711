"""Signals of the voting app, for the apps above it.

`results_published(sender=BoxResult, box=<BallotBox>, result=<BoxResult>)` is sent after the commit
of each count of a box (the first one and every recount): avisos tells the people who follow the
call or the box's territory, once per box.
"""

from django.dispatch import Signal

results_published = Signal()
