"""Model instances from SQL written once, for the reads of every request on the hot path of a vote
(the signed-in person, the voter's ballots), where compiling a QuerySet costs more CPU than the
query itself. The instances are the ORM's own (`Model.from_db`, values converted by the same
converters), so everything else sees no difference.
"""

import threading


class RowReader:
    """Reads rows of `model`'s concrete columns (in `Model._meta.concrete_fields` order)."""

    def __init__(self, model):
        self.model = model
        self._converters = {}
        self._sql = {}
        self._lock = threading.Lock()

    @property
    def fields(self):
        return self.model._meta.concrete_fields

    def columns(self, connection, prefix):
        """`prefix.column, …` of every concrete field, quoted for `connection`."""
        quote = connection.ops.quote_name
        return ", ".join(f"{prefix}.{quote(field.column)}" for field in self.fields)

    def sql(self, connection, name, build):
        """The SQL `build(connection)` under `name`, built once per database vendor."""
        key = (connection.vendor, name)
        sql = self._sql.get(key)
        if sql is None:
            with self._lock:
                sql = self._sql[key] = build(connection)
        return sql

    def instance(self, alias, connection, values):
        """A model instance from `values` (its concrete columns in order), converted as the ORM does."""
        converters = self._converters.get(connection.vendor)
        if converters is None:
            converters = []
            for index, field in enumerate(self.fields):
                column = field.get_col(self.model._meta.db_table)
                functions = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
                if functions:
                    converters.append((index, column, functions))
            with self._lock:
                self._converters[connection.vendor] = converters
        values = list(values)
        for index, column, functions in converters:
            for function in functions:
                values[index] = function(values[index], column, connection)
        return self.model.from_db(alias, [field.attname for field in self.fields], values)
