"""The production session engine: Django's cached_db (read from the cache, written through to
the database), saving an existing session with one UPDATE.

Django's database engine saves an existing session through `Model.save(force_update=True)` in
its own transaction (BEGIN, UPDATE, COMMIT and the model-saving machinery): about half the CPU
of a session write, which the cast of a ballot pays (it keeps the receipt in the session). One
`UPDATE … WHERE session_key = …` changes the same row with the same data, atomically on its
own, and a session that disappeared meanwhile still raises UpdateError, as in Django. New
sessions (sign-in, key cycling) are created by Django's code unchanged; the storage, the cache
keys and the format are Django's, so sessions survive switching between the two engines.
"""

import logging

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
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
