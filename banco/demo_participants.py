"""Demo participants who consented to share their gender and age range (called by `seed_demo`)."""


def seed_demographics(tally):
    """Enough consenting participants for the statistics' groups of at least 10 people."""
