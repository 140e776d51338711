"""Hooks of the OpenAPI schema (SPECTACULAR_SETTINGS): only the open-data API is documented."""

API_PREFIX = "/api/v1/"


def only_open_data(endpoints, **kwargs):
    """Keep the /api/v1/ endpoints (the Wagtail admin's internal API is not public)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(API_PREFIX)]
