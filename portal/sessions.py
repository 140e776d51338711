"""The production session engine: Django's cached_db (read from the cache, written through to
the database), saving an existing session with one UPDATE, and able to read the session in the
same cache round trip as other keys a view needs (`read_with_session`).

Django's database engine saves an existing session through `Model.save(force_update=True)` in
its own transaction (BEGIN, UPDATE, COMMIT and the model-saving machinery): about half the CPU
of a session write. One `UPDATE … WHERE session_key = …` changes the same row with the same
data, atomically on its own, and a session that disappeared meanwhile still raises UpdateError,
as in Django. New sessions (sign-in, key cycling) are created by Django's code unchanged; the
storage, the cache keys and the format are Django's, so sessions survive switching between the
two engines.
"""

import logging

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.core.cache import caches
from django.db import DatabaseError, router

logger = logging.getLogger("django.contrib.sessions")


class SessionStore(CachedDBStore):
    def save(self, must_create=False):
        if must_create or self.session_key is None:
            return super().save(must_create)
        obj = self.create_model_instance(self._get_session())
        using = router.db_for_write(self.model, instance=obj)
        try:
            updated = (
                self.model._default_manager.using(using)
                .filter(session_key=obj.session_key)
                .update(session_data=obj.session_data, expire_date=obj.expire_date)
            )
        except DatabaseError:
            raise UpdateError from None
        if not updated:
            raise UpdateError
        try:
            self._cache.set(self.cache_key, self._session, self.get_expiry_age())
        except Exception:
            logger.exception("Error saving to cache (%s)", self._cache)

    def get_many_with_session(self, cache, keys):
        """`cache.get_many(keys)`, reading this session from the same cache in the same round
        trip when it is not loaded yet (what a request's first access to the session would read).

        A session found there is kept as if `load()` had read it; one not found is left to
        `load()`, which reads the database as usual. With another cache than the session's,
        only `keys` are read."""
        keys = list(keys)
        loaded = hasattr(self, "_session_cache")
        if loaded or self.session_key is None or cache is not self._cache:
            return cache.get_many(keys)
        found = cache.get_many([self.cache_key, *keys])
        data = found.pop(self.cache_key, None)
        if data is not None:
            self._session_cache = data
        return found


def read_with_session(request, keys, alias="default"):
    """The values of `keys` in the cache `alias` ({key: value} of those found), with the
    request's session read in the same round trip when it is kept in that cache (this engine)
    and not loaded yet: one round trip instead of two on pages that need both."""
    cache = caches[alias]
    session = getattr(request, "session", None)
    if isinstance(session, SessionStore):
        return session.get_many_with_session(cache, keys)
    return cache.get_many(keys)
