"""Hot statements prepared once per PostgreSQL connection.

The statements every ballot runs (the signed-in person with their ballots, the cast's insert) are
the same text each time with other values. Sent as plain SQL, PostgreSQL parses, analyses and
plans each of them again on every request, which was about half of its CPU per ballot.
`execute(cursor, sql, params)` sends ``PREPARE name AS sql; EXECUTE name(values)`` the first
time on a connection (one round trip, one statement for Django's query count) and
``EXECUTE name(values)`` afterwards. The values are bound by psycopg as in any other query, so
nothing else changes on the Python side; other databases run `sql` as it is.

Prepared statements belong to the database session and outlive transactions, even failed ones:
after an error the statement may or may not exist, so that connection prepares the next use
under a new name. A connection Django replaces (``CONN_MAX_AGE``, a broken one) prepares again.
Behind a pooler in transaction mode (PgBouncer's ``pool_mode = transaction`` before 1.21) a
statement prepared on one server connection is missing on the next: set
``PREPARED_STATEMENTS=false`` there (``settings.PARTICIPA_PREPARED_STATEMENTS``). A statement
found missing outside a transaction is prepared again at once.
"""

import hashlib
import itertools
import re
import weakref

from django.conf import settings

#: Tries per statement and connection before giving up preparing it there (each failed call
#: may have left a prepared statement behind, under a name not used again).
MAX_TRIES = 20
_PLACEHOLDER = re.compile(r"%s")
_UNDEFINED_STATEMENT = "26000"  # invalid_sql_statement_name: "prepared statement … does not exist"
_bases = {}
_statements = {}
# psycopg connection -> {base name: (version, prepared)}; goes away with the connection.
_connections = weakref.WeakKeyDictionary()


def numbered(sql):
    """`sql` with psycopg's %s placeholders as PostgreSQL's $1, $2…"""
    if "%%" in sql or "%(" in sql:
        raise ValueError("Only SQL with positional %s placeholders (and no literal %) can be prepared.")
    numbers = itertools.count(1)
    return _PLACEHOLDER.sub(lambda _match: f"${next(numbers)}", sql)


def base_name(sql):
    """The statement's name without its version: the same in every process for the same SQL."""
    base = _bases.get(sql)
    if base is None:
        base = _bases[sql] = "participa_" + hashlib.sha1(sql.encode()).hexdigest()[:16]
        _statements[base] = sql
    return base


def statement(name):
    """The SQL prepared under `name` (as captured by Django: ``EXECUTE participa_…_1 (…)``), or None."""
    return _statements.get(name.rsplit("_", 1)[0])


def enabled(connection):
    return connection.vendor == "postgresql" and getattr(settings, "PARTICIPA_PREPARED_STATEMENTS", True)


def execute(cursor, sql, params):
    """Run `sql` with the positional `params` on Django's `cursor`, prepared once per connection
    on PostgreSQL (see the module's docstring) and as it is elsewhere. Read the rows from `cursor`
    afterwards as usual."""
    connection = cursor.db
    if not enabled(connection):
        cursor.execute(sql, params)
        return
    base = base_name(sql)
    raw = connection.connection
    states = _connections.get(raw)
    if states is None:
        states = _connections[raw] = {}
    for _again in range(2):
        version, ready = states.get(base, (1, False))
        if version > MAX_TRIES:
            cursor.execute(sql, params)
            return
        name = f"{base}_{version}"
        arguments = f" ({', '.join(['%s'] * len(params))})" if params else ""
        try:
            if ready:
                cursor.execute(f"EXECUTE {name}{arguments}", params)
            else:
                cursor.execute(f"PREPARE {name} AS {numbered(sql)}; EXECUTE {name}{arguments}", params)
                cursor.nextset()  # the first result is PREPARE's
        except Exception as error:
            # Whether the statement exists now is unknown: the next use prepares a new name.
            states[base] = (version + 1, False)
            missing = getattr(error.__cause__, "sqlstate", None) == _UNDEFINED_STATEMENT
            if ready and missing and not connection.in_atomic_block:
                continue  # dropped under us (DISCARD ALL, a pooler): prepare it again now
            raise
        states[base] = (version, True)
        return
