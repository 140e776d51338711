"""What every benchmark shares: a throwaway SQLite database with the demo content."""

import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(directory):
    """Point Django at a new SQLite file in `directory`, migrate it and load the demo content."""
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(directory) / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()

    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("seed_demo", stdout=io.StringIO())
