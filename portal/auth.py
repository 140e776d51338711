"""Django's model backend, reading the signed-in person with SQL written once (`portal.rows`).

Every signed-in request loads its person; `QuerySet.get()` compiled the same one-row query each
time, about a quarter of the CPU of a ballot page. The user is the ORM's own instance and the
rules are Django's (`user_can_authenticate`: inactive accounts are signed out).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.core.exceptions import ValidationError
from django.db import connections, router

from .rows import RowReader

_readers = {}


def _reader(model):
    reader = _readers.get(model)
    if reader is None:
        reader = _readers[model] = RowReader(model)
    return reader


def user_by_pk(pk):
    """The user with primary key `pk` (any form `to_python` accepts), or None."""
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

    def build(connection):
        quote = connection.ops.quote_name
        table = quote(model._meta.db_table)
        return f"SELECT {reader.columns(connection, table)} FROM {table} WHERE {table}.{quote(model._meta.pk.column)} = %s"

    sql = reader.sql(connection, "by-pk", build)
    with connection.cursor() as cursor:
        cursor.execute(sql, [model._meta.pk.get_db_prep_value(pk, connection)])
        row = cursor.fetchone()
    return reader.instance(alias, connection, row) if row is not None else None


class ModelBackend(DjangoModelBackend):
    """`django.contrib.auth.backends.ModelBackend` with the cheaper `get_user` above."""

    def get_user(self, user_id):
        user = user_by_pk(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
