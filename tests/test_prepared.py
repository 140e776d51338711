"""Statements prepared once per PostgreSQL connection (`portal.prepared`): the same rows as plain
SQL, one statement per call for Django's query count, a new name after any error, prepared again
when the server lost them, plain SQL when switched off and on SQLite."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from portal import prepared
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements need PostgreSQL")

SQL = 'SELECT "email" FROM "portal_user" WHERE "id" = %s AND CAST(%s AS integer) > 0'


def prepared_sql(captured):
    """The SQL behind a captured statement: an ``EXECUTE participa_…`` stands for what it runs."""
    words = captured.split(None, 3)
    if words[:1] == ["EXECUTE"]:
        return prepared.statement(words[1]) or captured
    if words[:1] == ["PREPARE"]:
        return prepared.statement(words[1]) or captured
    return captured


def run(sql, params):
    with connection.cursor() as cursor:
        prepared.execute(cursor, sql, params)
        return cursor.fetchall()


def names_on_server():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements")
        return {name for (name,) in cursor.fetchall()}


def prepared_then_lost(sql):
    """A person, `sql` and its base name, after the server dropped the statement prepared for it
    (as ``DISCARD ALL`` or a pooler handing over another connection would)."""
    person = UserFactory()
    base = prepared.base_name(sql)
    run(sql, [person.pk, 1])
    with connection.cursor() as cursor:
        cursor.execute(f"DEALLOCATE {base}_1")
    return person, sql, base


def test_placeholders_are_numbered_and_literal_percent_signs_refused():
    assert prepared.numbered("SELECT %s, %s::bigint[] WHERE a = %s") == "SELECT $1, $2::bigint[] WHERE a = $3"
    with pytest.raises(ValueError):
        prepared.numbered("SELECT 'x' LIKE '50%%' AND a = %s")
    with pytest.raises(ValueError):
        prepared.numbered("SELECT %(name)s")


def test_names_are_stable_and_lead_back_to_their_sql():
    name = prepared.base_name(SQL)
    assert name == prepared.base_name(SQL) and name.startswith("participa_") and len(name) == 26
    assert prepared.statement(f"{name}_1") == SQL and prepared.statement(f"{name}_7") == SQL
    assert prepared.base_name(SQL + " ") != name
    assert prepared.statement("participa_unknown_1") is None


def test_the_rows_are_those_of_plain_sql(site):
    person = UserFactory(email="ana@example.org")
    first = run(SQL, [person.pk, 1])
    again = run(SQL, [person.pk, 1])
    assert first == again == [("ana@example.org",)]
    assert run(SQL, [person.pk, 0]) == [] and run(SQL, [person.pk + 1000, 1]) == []


@on_postgresql
def test_prepared_once_per_connection_in_one_statement_per_call(site):
    person = UserFactory()
    sql = SQL + " AND 1 = 1"  # a statement no other test prepared on this connection
    name = prepared.base_name(sql) + "_1"
    with CaptureQueriesContext(connection) as queries:
        run(sql, [person.pk, 1])
        run(sql, [person.pk, 2])
        run(sql, [person.pk, 3])
    captured = [q["sql"] for q in queries.captured_queries]
    assert len(captured) == 3
    assert captured[0].startswith(f"PREPARE {name} AS SELECT") and f"; EXECUTE {name} (" in captured[0]
    assert all(text.startswith(f"EXECUTE {name} (") for text in captured[1:])
    assert name in names_on_server()
    assert [prepared_sql(text) for text in captured] == [sql] * 3


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@on_postgresql
def test_a_new_connection_prepares_again():
    person = UserFactory()
    sql = SQL + " AND 2 = 2"
    run(sql, [person.pk, 1])
    connection.close()
    with CaptureQueriesContext(connection) as queries:
        assert len(run(sql, [person.pk, 1])) == 1
    assert queries.captured_queries[0]["sql"].startswith("PREPARE ")


@on_postgresql
def test_after_an_error_the_next_call_prepares_under_a_new_name(site):
    person = UserFactory()
    sql = 'SELECT "email" FROM "portal_user" WHERE "id" = %s AND 1 / CAST(%s AS integer) > 0'
    base = prepared.base_name(sql)
    with pytest.raises(Exception), transaction.atomic():
        run(sql, [person.pk, 0])  # division by zero, after PREPARE took effect
    assert f"{base}_1" in names_on_server()  # prepared statements outlive the failed transaction
    assert run(sql, [person.pk, 1]) == [(person.email,)]
    assert f"{base}_2" in names_on_server()
    assert run(sql, [person.pk, 1]) == [(person.email,)]


@on_postgresql
def test_a_statement_the_server_lost_inside_a_transaction_fails_once(site):
    person, sql, base = prepared_then_lost(SQL + " AND 3 = 3")
    # Inside a transaction (as in this test) the error reaches the caller; the next call prepares anew.
    with pytest.raises(Exception), transaction.atomic():
        run(sql, [person.pk, 1])
    assert run(sql, [person.pk, 1]) == [(person.email,)]
    assert f"{base}_2" in names_on_server()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@on_postgresql
def test_a_lost_statement_outside_a_transaction_is_prepared_again_at_once():
    person, sql, base = prepared_then_lost(SQL + " AND 4 = 4")
    assert run(sql, [person.pk, 1]) == [(person.email,)]  # autocommit: no error reaches the caller
    assert f"{base}_2" in names_on_server()


def test_switched_off_or_on_sqlite_the_sql_runs_as_it_is(site, settings):
    settings.PARTICIPA_PREPARED_STATEMENTS = False
    person = UserFactory()
    sql = SQL + " AND 5 = 5"
    with CaptureQueriesContext(connection) as queries:
        assert run(sql, [person.pk, 1]) == [(person.email,)]
    assert queries.captured_queries[0]["sql"].startswith('SELECT "email"')


def test_an_insert_that_breaks_a_constraint_raises_integrity_error(site):
    person = UserFactory()
    sql = (
        'INSERT INTO "portal_user" ("password", "is_superuser", "first_name", "last_name", "is_staff", '
        '"is_active", "date_joined", "email", "display_name", "demographics_consent", "age_range", "gender") '
        'SELECT "password", "is_superuser", "first_name", "last_name", "is_staff", "is_active", "date_joined", '
        '"email", %s, "demographics_consent", "age_range", "gender" FROM "portal_user" WHERE "id" = %s'
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        run(sql, ["copia", person.pk])
