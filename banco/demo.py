"""Demo content of execution monitoring (called by `seed_demo`)."""


def seed_execution(tally):
    """Execution updates, photos and followers for the demo's selected projects."""
