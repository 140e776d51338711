"""A small per-user rate limit on the shared cache (Redis in production): fixed windows."""

import time

from django.conf import settings
from django.core.cache import cache

#: Limits used when `settings.PARTICIPA_RATE_LIMITS` has no entry for an action: wrong workshop
#: codes and unknown receipts, counted per IP address by the voting pages.
DEFAULT_LIMITS = {
    "code": (30, 3600),
    "receipt": (30, 3600),
    # Per IP (people at a workshop share one address): the bank's downloads and the
    # "similar proposals" panel fetched while a title is typed.
    "bank_download": (60, 3600),
    "bank_similar": (600, 3600),
}


def _limit(action):
    limits = getattr(settings, "PARTICIPA_RATE_LIMITS", {})
    return limits[action] if action in limits else DEFAULT_LIMITS[action]


def _key(action, user_id, period):
    window = int(time.time() // period)
    return f"ratelimit:{action}:{user_id}:{window}"


def hit(action, user_id):
    """Count one `action` of a user; False when the user is over the limit of the window.

    Limits are `settings.PARTICIPA_RATE_LIMITS[action] = (requests, seconds)`.
    """
    limit, period = _limit(action)
    key = _key(action, user_id, period)
    if cache.add(key, 1, timeout=period + 5):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=period + 5)
        return True
    return count <= limit


def exceeded(action, user_id):
    """Has the user used up the window's limit already? (Reads the counter, counts nothing.)"""
    limit, period = _limit(action)
    return (cache.get(_key(action, user_id, period)) or 0) >= limit
