"""Inserting many rows with one prepared statement.

`bulk_create` builds each batch's SQL value by value through every field's conversions: for a 10,000-row
sheet (~60,000 events) that alone takes longer than all the rest of the import. Here each column's
conversion is chosen once, types the database driver takes as they are pass straight through, and
`executemany` runs a single INSERT. The database still checks every constraint.
"""

from django.db import connections, models, router
from django.utils import timezone

# Python values the drivers (sqlite3, psycopg) take as they are for these column types.
_PASSTHROUGH = {
    "AutoField", "BigAutoField", "SmallAutoField", "BooleanField", "CharField", "TextField", "SlugField",
    "EmailField", "IntegerField", "BigIntegerField", "SmallIntegerField", "PositiveIntegerField",
    "PositiveBigIntegerField", "PositiveSmallIntegerField",
}  # fmt: skip
BATCH_SIZE = 2000


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
    return lambda value: field.get_db_prep_save(value, connection)


def _column(field, rows: list[dict], now, connection) -> list:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return [field.get_db_prep_save(now, connection)] * len(rows)
    convert, name = _converter(field, connection), field.attname
    if field.has_default() and callable(field.default):  # e.g. uuid4: a new value per row
        return [convert(row[name] if name in row else field.get_default()) for row in rows]
    default = convert(field.get_default())
    return [convert(row[name]) if name in row else default for row in rows]


def insert_rows(model, rows: list[dict]) -> int:
    """INSERT one row per dict (field attname -> value; other fields take their default)."""
    if not rows:
        return 0
    connection = connections[router.db_for_write(model)]
    fields = [
        field
        for field in model._meta.concrete_fields
        if not _is_auto_pk(field) and (not field.has_db_default() or any(field.attname in row for row in rows))
    ]
    now = timezone.now()
    params = list(zip(*(_column(field, rows, now, connection) for field in fields), strict=True))
    quote = connection.ops.quote_name
    sql = "INSERT INTO {table} ({columns}) VALUES ({values})".format(
        table=quote(model._meta.db_table),
        columns=", ".join(quote(field.column) for field in fields),
        values=", ".join(["%s"] * len(fields)),
    )
    with connection.cursor() as cursor:
        for start in range(0, len(params), BATCH_SIZE):
            cursor.executemany(sql, params[start : start + BATCH_SIZE])
    return len(params)
