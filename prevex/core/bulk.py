"""Writing many rows at once: multi-row INSERT and UPDATE statements, in batches, on SQLite and PostgreSQL.

`bulk_create` builds each batch's SQL value by value through every field's conversions: for a 10,000-row
sheet (~60,000 events) that alone takes longer than all the rest of the import. Here each column's
conversion is chosen once, types the database driver takes as they are pass straight through, and each
batch of rows is one statement (on SQLite `INSERT … VALUES (…), (…)`; on PostgreSQL `COPY`, or `unnest` of
one array per column for an INSERT that returns its keys and for UPDATE). The database still checks every
constraint. Nothing here knows a domain model: callers pass the model.
"""

import json
import sqlite3

from django.db import connections, models, router
from django.utils import timezone

# Python values the drivers (sqlite3, psycopg) take as they are for these column types.
_PASSTHROUGH = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "BooleanField",
    "CharField",
    "TextField",
    "SlugField",
    "EmailField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveBigIntegerField",
    "PositiveSmallIntegerField",
}
BATCH_SIZE = 5000  # rows per statement on SQLite, fewer if it takes fewer parameters (32,766 by default)
ARRAY_BATCH_SIZE = 5000  # rows per statement on PostgreSQL (one array per column)
QUERY_CHUNK = 500  # ids per IN (...): far below SQLite's limit on query parameters


def chunks(items: list, size: int = QUERY_CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _is_auto_pk(field) -> bool:
    return field.primary_key and isinstance(field, models.AutoField | models.BigAutoField | models.SmallAutoField)


def _internal_type(field) -> str:
    return field.target_field.get_internal_type() if field.is_relation else field.get_internal_type()


def _converter(field, connection):
    """A function turning a Python value into what the driver takes for this column, chosen once per column."""
    kind = _internal_type(field)
    if kind in _PASSTHROUGH:
        return lambda value: value
    if kind == "DateField":
        return connection.ops.adapt_datefield_value
    if kind == "JSONField" and connection.vendor == "postgresql":
        # The JSON text, which COPY and a CAST to jsonb read as it is: psycopg's Jsonb wrapper per value cost more
        # than the rest of an audit entry's row.
        return lambda value: None if value is None else json.dumps(value, cls=field.encoder)
    return lambda value: field.get_db_prep_save(value, connection)


def _column(field, rows: list[dict], now, connection) -> list:
    convert, name = _converter(field, connection), field.attname
    if (getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)) and name not in rows[0]:
        return [field.get_db_prep_save(now, connection)] * len(rows)
    if field.has_default() and callable(field.default):  # e.g. uuid4: a new value per row
        return [convert(row[name] if name in row else field.get_default()) for row in rows]
    default = convert(field.get_default())
    return [convert(row[name]) if name in row else default for row in rows]


def _max_params(connection) -> int:
    if connection.vendor == "sqlite":  # Django assumes 999; the library says what it takes (32,766 by default)
        connection.ensure_connection()
        return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return connection.features.max_query_params or BATCH_SIZE * 100


def _rows_per_statement(connection, columns: int) -> int:
    limit = _max_params(connection)
    return max(1, min(BATCH_SIZE, limit // max(columns, 1)))


def _run_batches(connection, statement, params: list[tuple], per_statement: int, returning: bool = False) -> list:
    """SQLite: run `statement(n)` (the SQL for n rows) on each batch of rows, one statement per batch; the rows
    the statements return, if `returning`."""
    returned = []
    with connection.cursor() as cursor:
        full = None
        for start in range(0, len(params), per_statement):
            batch = params[start : start + per_statement]
            if len(batch) == per_statement:
                full = full or statement(per_statement)
                sql = full
            else:
                sql = statement(len(batch))
            cursor.execute(sql, [value for row in batch for value in row])
            returned += cursor.fetchall() if returning else []
    return returned


def _run_arrays(connection, sql: str, params: list[tuple], returning: bool = False) -> list:
    """PostgreSQL: run `sql`, which reads one array per column (`unnest(%s, %s…)`), on each batch of rows.
    A handful of parameters per statement whatever the number of rows: the driver has nothing to parse per
    value, and the server plans the statement once per batch."""
    returned = []
    with connection.cursor() as cursor:
        for start in range(0, len(params), ARRAY_BATCH_SIZE):
            cursor.execute(
                sql, [list(column) for column in zip(*params[start : start + ARRAY_BATCH_SIZE], strict=True)]
            )
            returned += cursor.fetchall() if returning else []
    return returned


def _copy(connection, model, fields, params: list[tuple]) -> None:
    """PostgreSQL: the rows through `COPY … FROM STDIN`, the fastest way in (psycopg dumps the values in C)."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN") as copy,
    ):
        for row in params:
            copy.write_row(row)


def _arrays(connection, fields) -> str:
    return ", ".join(f"CAST(%s AS {field.db_type(connection)}[])" for field in fields)


def insert_rows(model, rows: list[dict]) -> int:
    """INSERT one row per dict (field attname -> value; other fields take their default), in batches: on SQLite
    `INSERT … VALUES (…), (…)`, on PostgreSQL one `COPY`."""
    return len(_insert(model, rows, returning=False))


def insert_rows_returning_pks(model, rows: list[dict]) -> list:
    """`insert_rows`, and the primary keys of the rows inserted (`RETURNING`: SQLite ≥ 3.35; on PostgreSQL
    `INSERT … SELECT * FROM unnest(…)` of one array per column)."""
    return sorted(pk for (pk,) in _insert(model, rows, returning=True))


def _insert(model, rows: list[dict], *, returning: bool) -> list:
    if not rows:
        return []
    connection = connections[router.db_for_write(model)]
    fields = [
        field
        for field in model._meta.concrete_fields
        if not _is_auto_pk(field) and (not field.has_db_default() or any(field.attname in row for row in rows))
    ]
    now = timezone.now()
    params = list(zip(*(_column(field, rows, now, connection) for field in fields), strict=True))
    quote = connection.ops.quote_name
    head = "INSERT INTO {table} ({columns}) ".format(
        table=quote(model._meta.db_table), columns=", ".join(quote(field.column) for field in fields)
    )
    tail = f" RETURNING {quote(model._meta.pk.column)}" if returning else ""
    if connection.vendor == "postgresql" and not returning:
        _copy(connection, model, fields, params)
        return params
    if connection.vendor == "postgresql":
        return _run_arrays(connection, f"{head}SELECT * FROM unnest({_arrays(connection, fields)}){tail}", params, True)
    row_sql = "({})".format(", ".join(["%s"] * len(fields)))
    returned = _run_batches(
        connection,
        lambda n: head + "VALUES " + ", ".join([row_sql] * n) + tail,
        params,
        _rows_per_statement(connection, len(fields)),
        returning,
    )
    return returned if returning else params


def update_rows(model, names: list[str], rows: list[tuple]) -> int:
    """UPDATE the columns `names` (field names) of the rows given as (pk, value, value…), in batches.

    PostgreSQL gets one `UPDATE … FROM unnest(…)` per batch; SQLite one prepared UPDATE run by `executemany`,
    which it runs as fast (`bulk_update`'s CASE expressions are ~20x slower on both)."""
    if not rows:
        return 0
    connection = connections[router.db_for_write(model)]
    fields = [model._meta.get_field(name) for name in names]
    converters = [_converter(field, connection) for field in fields]
    params = [
        (pk, *(convert(value) for convert, value in zip(converters, values, strict=True))) for pk, *values in rows
    ]
    quote, table = connection.ops.quote_name, connection.ops.quote_name(model._meta.db_table)
    pk_column = quote(model._meta.pk.column)
    if connection.vendor != "postgresql":
        assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {table} SET {assignments} WHERE {pk_column} = %s", [(*values, pk) for pk, *values in params]
            )
        return len(params)
    aliases = ", ".join(["pk", *(f"v{index}" for index in range(len(fields)))])
    assignments = ", ".join(f"{quote(field.column)} = v.v{index}" for index, field in enumerate(fields))
    arrays = _arrays(connection, [model._meta.pk, *fields])
    _run_arrays(
        connection,
        f"UPDATE {table} SET {assignments} FROM unnest({arrays}) AS v({aliases}) WHERE {table}.{pk_column} = v.pk",
        params,
    )
    return len(params)
