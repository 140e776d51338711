"""``python -m votaciones.results tally|check FILE.pb``: see ``cli``."""

import sys

from .cli import main

sys.exit(main())
