"""Rate limits of the API on the default cache (Redis in production): per IP address for
anonymous clients, per account for signed-in people.

The rates come from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] ("anon", "user"; set by the
environment variables API_RATE_ANON and API_RATE_USER) and are read on every request, so a
changed setting applies at once; a rate of None switches that limit off.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class _LiveRate:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class ApiAnonThrottle(_LiveRate, AnonRateThrottle):
    scope = "anon"


class ApiUserThrottle(_LiveRate, UserRateThrottle):
    scope = "user"
