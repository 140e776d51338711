"""Who a voter is, as far as the vote needs to know: the interface that verification fills.

The vote never reads identity documents. When a call requires verified residents
(`CallPage.vote_requirement`), it asks `resident(user)` for a `Resident`: a stable key of the
person (`person`, the keyed hash of their document: the same whatever the channel or account),
the census territory and the birth date. The verification app (`verificacion`, a layer beside
this one) registers the provider from its `AppConfig.ready()`; this module imports nothing of it,
so the dependency goes one way only (verificacion → votaciones). Without a provider nobody is a
verified resident.

The desk (verificacion) records people without an account with the same `person` key, so that
`VoterMark` (one person, one ballot per box, whatever the channel) holds across channels.
"""

import datetime
from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Resident:
    """A verified resident: `person` is a key, never a document number."""

    person: str
    territory_id: int
    birth_date: datetime.date | None = None


_provider: Callable | None = None
_verify_url: Callable | None = None


def register(provider, *, verify_url=None):
    """Install `provider(user) -> Resident | None` and `verify_url() -> str`, the page where a
    person gets verified (idempotent: `ready()` may run twice in tests)."""
    global _provider, _verify_url
    _provider = provider
    _verify_url = verify_url


def verify_url():
    """Where a person gets verified (for the ballot page's message), or None."""
    return _verify_url() if _verify_url else None


def resident(user):
    """The `Resident` of a signed-in person, or None when they are not verified."""
    if _provider is None or user is None or not user.is_authenticated:
        return None
    return _provider(user)


def age_on(birth_date, day):
    """Whole years between `birth_date` and `day` (a birthday counts on its day)."""
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years
