"""Django's model backend, reading the signed-in person with SQL written once (`portal.rows`).

Every signed-in request loads its person; `QuerySet.get()` compiled the same one-row query each
time, about a quarter of the CPU of a ballot page. The user is the ORM's own instance and the
rules are Django's (`user_can_authenticate`: inactive accounts are signed out; the session is
verified by `django.contrib.auth.get_user` as always).

A view that needs rows about the person on every request (the ballot page: their ballots) can
have them read in the same statement as the person: `with loading_user_with(companion):` around
the first use of `request.user` (see `Companion`). Nothing changes when the person was loaded
before, or is not signed in: the companion then receives nothing.
"""

import abc
import contextvars
from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.core.exceptions import ValidationError
from django.db import connections, router

from . import prepared
from .rows import RowReader

_readers = {}


def _reader(model):
    reader = _readers.get(model)
    if reader is None:
        reader = _readers[model] = RowReader(model)
    return reader


_companion = contextvars.ContextVar("participa_user_companion", default=None)


class Companion(abc.ABC):
    """Rows read with the signed-in person, in the same statement.

    `columns(connection, user)` and `joins(connection, user)` are SQL fragments (`user`: the
    quoted user table, to refer to) written once per database vendor and `key`; `params()` their
    parameters, columns' first. `receive(alias, connection, user, rows)` gets the person and
    the companion's part of each row (the joins may give several)."""

    key = None

    @abc.abstractmethod
    def columns(self, connection, user):
        """The companion's select-list fragment."""

    @abc.abstractmethod
    def joins(self, connection, user):
        """The companion's FROM-clause fragment (joins to the user table)."""

    @abc.abstractmethod
    def params(self):
        """The parameters of `columns` then `joins`."""

    @abc.abstractmethod
    def receive(self, alias, connection, user, rows):
        """Take the person and the companion's columns of each row."""


@contextmanager
def loading_user_with(companion):
    """While the block runs, a signed-in person loaded by this backend brings `companion`'s rows."""
    token = _companion.set(companion)
    try:
        yield companion
    finally:
        _companion.reset(token)


def user_by_pk(pk):
    """The user with primary key `pk` (any form `to_python` accepts), or None. Inside
    `loading_user_with(companion)`, the companion's rows come in the same statement."""
    model = get_user_model()
    try:
        pk = model._meta.pk.to_python(pk)
    except ValidationError:
        return None
    if pk is None:
        return None
    reader = _reader(model)
    alias = router.db_for_read(model)
    connection = connections[alias]

    companion = _companion.get()

    def build(connection):
        quote = connection.ops.quote_name
        table = quote(model._meta.db_table)
        where = f"WHERE {table}.{quote(model._meta.pk.column)} = %s"
        if companion is None:
            return f"SELECT {reader.columns(connection, table)} FROM {table} {where}"
        return (
            f"SELECT {reader.columns(connection, table)}, {companion.columns(connection, table)} "
            f"FROM {table} {companion.joins(connection, table)} {where}"
        )

    sql = reader.sql(connection, ("by-pk", companion and companion.key), build)
    params = [*(companion.params() if companion else ()), model._meta.pk.get_db_prep_value(pk, connection)]
    with connection.cursor() as cursor:
        prepared.execute(cursor, sql, params)
        rows = cursor.fetchall()
    if not rows:
        return None
    width = len(reader.fields)
    user = reader.instance(alias, connection, rows[0][:width])
    if companion is not None:
        companion.receive(alias, connection, user, [row[width:] for row in rows])
    return user


class ModelBackend(DjangoModelBackend):
    """`django.contrib.auth.backends.ModelBackend` with the cheaper `get_user` above."""

    def get_user(self, user_id):
        user = user_by_pk(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
