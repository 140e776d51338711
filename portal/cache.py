"""Django's Redis cache backend, keeping one Redis client per connection pool.

Django's `RedisCacheClient.get_client()` builds a new `redis.Redis` object for every cache
operation; with redis-py 8 that object builds its table of response callbacks each time (a few
hundred dictionary entries), which cost ~0.3 ms of CPU per operation, about a millisecond on
every signed-in page (session, cached box, cached fragments). A `redis.Redis` object is
thread-safe (it borrows a connection from its pool for each command) and its pool notices a
fork, so one per pool is enough.
"""

import threading
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusedRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._lock = threading.Lock()

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            with self._lock:
                client = self._clients.get(index)
                if client is None:
                    pool = self._get_connection_pool(write)
                    client = self._clients[index] = self._client(connection_pool=pool)
        return client


class ReusedClientRedisCache(RedisCache):
    """`django.core.cache.backends.redis.RedisCache` with one client per pool (see above)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedRedisCacheClient


class LocalCopies:
    """Copies, in this process, of values read from the shared cache (or built), each kept with
    the token it was built under and for at most `seconds`.

    For values every request needs and that change rarely (a ballot box with its call, the
    projects on its ballot, its rendered page): the caller reads the current tokens from the
    shared cache in one round trip and uses its copy only while they match, so an edit that
    replaces or deletes a token is seen by every process at once, and nothing is unpickled on
    each request. The values are shared by the threads of the process: read them, never change
    them. At most `size` entries (all dropped when full: they are rebuilt on demand).
    """

    def __init__(self, seconds, size=256):
        self.seconds = seconds
        self.size = size
        self._entries = {}

    def get(self, key, token):
        entry = self._entries.get(key)
        if entry is None or token is None or entry[0] != token or time.monotonic() > entry[1]:
            return None
        return entry[2]

    def put(self, key, token, value):
        if len(self._entries) >= self.size:
            self._entries = {}
        self._entries[key] = (token, time.monotonic() + self.seconds, value)
        return value

    def clear(self):
        self._entries = {}
