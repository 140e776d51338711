"""With REDIS_URL set, the cache (and so allauth's rate limits) lives in Redis, shared by every
web process. Runs against the real Redis server when one answers."""

import pytest
from django.core.cache import caches
from django.test import override_settings

from tests.site.redis_support import TEST_REDIS_URL, needs_redis

pytestmark = needs_redis

REDIS_CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": TEST_REDIS_URL,
        "KEY_PREFIX": "participa-test",
    }
}


def test_cache_round_trip_through_redis():
    with override_settings(CACHES=REDIS_CACHES):
        cache = caches["default"]
        cache.set("fase", {"kind": "intake"}, timeout=30)
        assert cache.get("fase") == {"kind": "intake"}
        cache.add("intentos", 0)
        assert cache.incr("intentos") == 1
        cache.delete_many(["fase", "intentos"])


@pytest.mark.django_db
def test_login_rate_limit_is_counted_in_redis(client, site, citizen):
    with override_settings(CACHES=REDIS_CACHES):
        caches["default"].clear()
        for _ in range(7):
            response = client.post("/cuentas/login/", {"login": citizen.email, "password": "incorrecta"})
        html = response.content.decode()
        caches["default"].clear()
    assert "Demasiados intentos fallidos" in html


WORKER = """
import django, os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
django.setup()
from django.test import override_settings
from votaciones import code_limits
caches = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                      "LOCATION": sys.argv[1], "KEY_PREFIX": "participa-test"}}
with override_settings(CACHES=caches):
    for _ in range(3):
        code_limits.record_mistake(device=sys.argv[2], address="203.0.113.7")
"""


def test_wrong_codes_are_counted_across_workers(settings):
    """Two worker processes count the same device's and address's mistakes in one Redis."""
    import subprocess
    import sys
    from pathlib import Path

    from votaciones import code_limits

    root = Path(__file__).resolve().parents[2]
    with override_settings(CACHES=REDIS_CACHES):
        caches["default"].clear()
        workers = [
            subprocess.Popen([sys.executable, "-c", WORKER, TEST_REDIS_URL, "telefono"], cwd=root)
            for _ in range(2)
        ]
        assert [worker.wait(timeout=120) for worker in workers] == [0, 0]
        settings.PARTICIPA_RATE_LIMITS = {
            **settings.PARTICIPA_RATE_LIMITS, "code_device": (6, 900), "code_address": (6, 3600),
        }
        from portal import ratelimit

        assert ratelimit.count("code_device", "telefono") == 6
        assert ratelimit.count("code_address", "203.0.113.7") == 6
        assert code_limits.attempt_refused(device="telefono", address="203.0.113.7")
        assert not code_limits.attempt_refused(device="otro-telefono", address="203.0.113.7")
        caches["default"].clear()
