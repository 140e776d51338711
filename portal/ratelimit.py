"""A small per-user rate limit on the shared cache (Redis in production): fixed windows."""

import time

from django.conf import settings
from django.core.cache import cache


def hit(action, user_id):
    """Count one `action` of a user; False when the user is over the limit of the window.

    Limits are `settings.PARTICIPA_RATE_LIMITS[action] = (requests, seconds)`.
    """
    limit, period = settings.PARTICIPA_RATE_LIMITS[action]
    window = int(time.time() // period)
    key = f"ratelimit:{action}:{user_id}:{window}"
    if cache.add(key, 1, timeout=period + 5):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=period + 5)
        return True
    return count <= limit
