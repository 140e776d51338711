"""System checks of the deployment (`manage.py check --deploy`)."""

from django.conf import settings
from django.core import checks

LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@checks.register(checks.Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs):
    """Rate limits (wrong workshop codes, receipts, proposals, the API), cached ballot sheets
    and sessions are counted in the default cache: every worker must share it."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in LOCAL_CACHES:
        return [
            checks.Warning(
                "The default cache is local to each process: rate limits would be counted by "
                "every worker on its own.",
                hint="Set REDIS_URL (a Redis server shared by every worker) in production.",
                id="participa.W001",
            )
        ]
    return []
