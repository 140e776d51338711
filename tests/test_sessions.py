"""The production session engine (portal.sessions): Django's cached_db, saving an existing
session with one UPDATE. Same rows, same cache entries, same errors as Django's."""

import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.cached_db import SessionStore as DjangoStore
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_new_session_is_created_in_the_database_and_the_cache():
    store = SessionStore()
    store["voto"] = {"urna": 3}
    store.save()
    assert Session.objects.filter(session_key=store.session_key).exists()
    assert cache.get(store.cache_key) == {"voto": {"urna": 3}}
    assert DjangoStore(session_key=store.session_key).load() == {"voto": {"urna": 3}}


def test_existing_session_is_saved_with_one_update_to_the_database_and_the_cache():
    store = SessionStore()
    store["a"] = 1
    store.save()
    again = SessionStore(session_key=store.session_key)
    again["b"] = 2
    with CaptureQueriesContext(connection) as queries:
        again.save()
    assert [q["sql"].split()[0] for q in queries.captured_queries] == ["UPDATE"]
    assert cache.get(store.cache_key) == {"a": 1, "b": 2}
    cache.delete(store.cache_key)  # read from the database: Django's engine reads the same row
    assert DjangoStore(session_key=store.session_key).load() == {"a": 1, "b": 2}
    row = Session.objects.get(session_key=store.session_key)
    assert abs((row.expire_date - again.get_expiry_date()).total_seconds()) < 5


def test_saving_a_session_deleted_meanwhile_raises_update_error():
    store = SessionStore()
    store["a"] = 1
    store.save()
    Session.objects.filter(session_key=store.session_key).delete()
    store["b"] = 2
    with pytest.raises(UpdateError):
        store.save()


def test_sessions_of_django_engine_are_read_and_written():
    old = DjangoStore()
    old["a"] = 1
    old.save()
    store = SessionStore(session_key=old.session_key)
    assert store["a"] == 1
    store["a"] = 2
    store.save()
    assert DjangoStore(session_key=old.session_key).load() == {"a": 2}
