"""With REDIS_URL set, the cache (and so allauth's rate limits) lives in Redis, shared by every
web process. Runs against the real Redis server when one answers."""

import pytest
from django.core.cache import caches
from django.test import override_settings

from tests.redis_support import TEST_REDIS_URL, needs_redis

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
