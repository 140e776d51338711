"""The production session engine (portal.sessions): Django's cached_db, saving an existing
session with one UPDATE. Same rows, same cache entries, same errors as Django's."""

import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.cached_db import SessionStore as DjangoStore
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.sessions import SessionStore, read_with_session

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


# --- Reading the session in the same round trip as other keys (read_with_session) ---------------


class CountingReads:
    """Counts the cache's read calls (each one a round trip to Redis in production)."""

    def __init__(self, monkeypatch, cache_backend):
        self.calls = []
        self.depth = 0
        for name in ("get", "get_many"):
            original = getattr(cache_backend, name)

            def counted(*args, _name=name, _original=original, **kwargs):
                if not self.depth:  # not the gets a local-memory get_many makes
                    self.calls.append(_name)
                self.depth += 1
                try:
                    return _original(*args, **kwargs)
                finally:
                    self.depth -= 1

            monkeypatch.setattr(cache_backend, name, counted)


def saved_session(**data):
    store = SessionStore()
    store.update(data)
    store.save()
    return store.session_key


def test_the_session_comes_with_the_other_keys_in_one_read(monkeypatch):
    from django.core.cache import caches

    key = saved_session(persona=7)
    cache.set("urna", "token-1")
    store = SessionStore(session_key=key)
    reads = CountingReads(monkeypatch, caches["default"])
    found = read_with_session(FakeRequest(store), ["urna", "nada"])
    assert found == {"urna": "token-1"}, "only the keys asked for, not the session"
    assert store["persona"] == 7
    assert reads.calls == ["get_many"], "one round trip for both"
    assert store.accessed is True and store.modified is False


def test_a_session_missing_from_the_cache_is_read_from_the_database_as_usual(monkeypatch):
    key = saved_session(persona=8)
    cache.delete(SessionStore.cache_key_prefix + key)
    store = SessionStore(session_key=key)
    assert read_with_session(FakeRequest(store), ["urna"]) == {}
    with CaptureQueriesContext(connection) as queries:
        assert store["persona"] == 8
    assert len(queries) == 1


def test_loaded_unknown_or_absent_sessions_are_left_alone(monkeypatch):
    from django.core.cache import caches

    cache.set("urna", "token-2")
    key = saved_session(persona=9)
    loaded = SessionStore(session_key=key)
    assert loaded["persona"] == 9
    loaded["persona"] = 10  # changed in this request, not saved yet: must not be read again
    assert read_with_session(FakeRequest(loaded), ["urna"]) == {"urna": "token-2"}
    assert loaded["persona"] == 10
    anonymous = SessionStore()
    assert read_with_session(FakeRequest(anonymous), ["urna"]) == {"urna": "token-2"}
    assert anonymous.session_key is None, "no session is created by reading"
    unknown = SessionStore(session_key="x" * 32)
    assert read_with_session(FakeRequest(unknown), ["urna"]) == {"urna": "token-2"}
    assert unknown.get("persona") is None
    # Django's own engines (and requests without a session) read only the keys.
    reads = CountingReads(monkeypatch, caches["default"])
    assert read_with_session(FakeRequest(DjangoStore(session_key=key)), ["urna"]) == {"urna": "token-2"}
    assert read_with_session(object(), ["urna"]) == {"urna": "token-2"}
    assert reads.calls == ["get_many", "get_many"]


class FakeRequest:
    def __init__(self, session):
        self.session = session


def test_the_ballot_page_reads_the_cache_once_per_request(client, site, monkeypatch, settings):
    """Signed in with the production engine: the session, the box's token and the generation
    in one round trip, on the page and on the cast (the box, its projects and the page are
    copies kept in the process while those tokens hold)."""
    from django.core.cache import caches
    from django.urls import reverse

    from tests.factories import UserFactory, make_voting_call

    settings.SESSION_ENGINE = "portal.sessions"
    _call, box, proposals = make_voting_call(ballot_type="approval", proposals=3)
    client.force_login(UserFactory())
    url = reverse("votaciones:ballot", args=[box.pk])
    for _ in range(2):  # builds and keeps the box, sheet and page (and the site's settings)
        assert client.get(url).status_code == 200
    reads = CountingReads(monkeypatch, caches["default"])
    page = client.get(url)
    assert page.status_code == 200
    assert reads.calls == ["get_many"]
    token = page.content.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    reads.calls.clear()
    cast = client.post(url, {"csrfmiddlewaretoken": token, "choice": [proposals[0].pk], "step": "confirm"})
    assert cast.status_code == 302
    assert reads.calls == ["get_many"]
