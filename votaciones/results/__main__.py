"""``python -m votaciones.results tally|check FILE.pb``: see ``cli``."""

import os
import sys

from .cli import main

try:
    status = main()
    sys.stdout.flush()
except BrokenPipeError:
    # The reader went away (``… | head``): no traceback. Python's documented recipe: point
    # stdout at devnull so that the flush at exit does not fail again.
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    status = 1
sys.exit(status)
