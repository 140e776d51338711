"""The Redis server the tests may use: a database of their own per worker (they empty it), skipped if absent."""

import os

import pytest

def _default_url():
    """Database 15, or one database per pytest-xdist worker below it (gw0 → 15, gw1 → 14…):
    the tests empty their database, so two workers must never share one."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    index = int(worker[2:]) if worker[2:].isdigit() else 0
    return f"redis://127.0.0.1:6379/{15 - index % 12}"


TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL") or _default_url()


def redis_available():
    try:
        import redis

        redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=1).ping()
        return True
    except Exception:
        return False


needs_redis = pytest.mark.skipif(not redis_available(), reason="Redis no disponible en " + TEST_REDIS_URL)
