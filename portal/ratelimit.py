"""A small rate limit on the shared cache: fixed windows, counted with the cache's atomic
`add`/`incr`. The counters must be shared by every worker, so production needs `REDIS_URL`
(Redis); with the local-memory cache each process would count on its own, and the deployment
check `participa.W001` (portal.checks) warns about it."""

import time

from django.conf import settings
from django.core.cache import cache

#: Limits used when `settings.PARTICIPA_RATE_LIMITS` has no entry for an action. Wrong workshop
#: codes (votaciones.code_limits): per device (its session), per kiosk (one device, many people)
#: and per IP address (a whole workshop shares one); unknown receipts per IP address.
DEFAULT_LIMITS = {
    "code_device": (10, 900),
    "code_kiosk": (60, 900),
    "code_address": (200, 3600),
    "receipt": (30, 3600),
    # Per IP (people at a workshop share one address): the bank's downloads and the
    # "similar proposals" panel fetched while a title is typed.
    "bank_download": (60, 3600),
    "bank_similar": (600, 3600),
    # Wrong census verifications per account (verificacion), and desk look-ups per staff member.
    "verify_document": (5, 3600),
    "desk_lookup": (300, 3600),
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


def count(action, user_id):
    """How many times `action` was counted for this user in the current window."""
    _limit_value, period = _limit(action)
    return cache.get(_key(action, user_id, period)) or 0


def limit(action):
    """The number of requests allowed per window for `action`."""
    return _limit(action)[0]


def exceeded(action, user_id):
    """Has the user used up the window's limit already? (Reads the counter, counts nothing.)"""
    limit, period = _limit(action)
    return (cache.get(_key(action, user_id, period)) or 0) >= limit
