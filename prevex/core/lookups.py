"""`field__any=values`: the same rows as `field__in=values`, with the values sent as one array on PostgreSQL.

`__in` makes one placeholder per value: for the thousands of ids an import's writer looks up at a time, Django
compiles each value's placeholder and psycopg parses a query of thousands of them, which took longer than the
queries themselves (0.4 s of a 10,000-row import). `field = ANY(%s)` sends one array, that the server reads as
the column's type without its length: a cast to `varchar(5)[]` would cut a longer value to the length, and
`'75056X'` would find `'75056'`. SQLite gets the `IN (…)` of `__in`.
"""

from django.db.models import Field, ForeignObject
from django.db.models.lookups import In


class AnyOf(In):
    """`__in` as it is (its values prepared once, a subquery as a subquery), but for PostgreSQL's SQL."""

    lookup_name = "any"

    def as_postgresql(self, compiler, connection):
        if not self.rhs_is_direct_value():  # a subquery: what `__in` does with it
            return super().as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        field = self.lhs.output_field
        values = [field.get_db_prep_value(value, connection, prepared=True) for value in self.rhs if value is not None]
        return f"{lhs} = ANY(%s::{_unbounded(field.cast_db_type(connection))}[])", (*lhs_params, values)


def _unbounded(db_type: str) -> str:
    """`varchar(5)` → `varchar`, `numeric(10, 2)` → `numeric`: the type, without what a cast would cut to."""
    return db_type.split("(", 1)[0]


Field.register_lookup(AnyOf)
ForeignObject.register_lookup(AnyOf)  # a relation's lookups are its own, not its base Field's: ids only here
