"""Pausing Python's cyclic garbage collector while the engine works.

Reading a file and counting it make hundreds of thousands of small container objects (ballots,
tuples, lists) and no reference cycles. The cyclic collector would only walk them again and
again: every full collection traverses every ballot of the election held in memory. With it
paused, the add1 completion on the generated 100,000-voter election of benchmarks/results_rules.py
took 0.90–0.98 s instead of 1.09–1.11 s in one process (back to back, same machine); the
standalone command, whose heap is smaller, showed no difference beyond the machine's noise.
Reference counting still frees everything as usual; the collector's previous state is restored
(``gc.disable`` / ``gc.enable``, Python's documented switch).
"""

import gc
from contextlib import contextmanager


@contextmanager
def cyclic_gc_paused():
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
