"""Plain SQL for the few hot statements where the ORM costs several times
what the database does (building the query, then the instances): the cart
and checkout requests (measured with bench/orders_profile.py), as
catalog/selectors.py reads its lists. Portable to SQLite, where the dev
server runs: placeholders are %s, row locks are left out where the database
has none, and columns are named in the model's field order, which
Model.from_db expects.

Instances built from these rows are the ORM's own (`Model.from_db`), their
values passed through the converters the ORM would apply (JSON parsed,
decimals and UUIDs made from SQLite's numbers and text): the columns not
read load on use, one query each, so each caller's test counts its
queries."""

from functools import cache

from django.db import connection


def columns(model, *names: str) -> tuple[str, ...]:
    """`names` (attribute names, e.g. "product_id") in the model's field
    order; on these models the attribute is the column."""
    unknown = set(names) - {field.attname for field in model._meta.concrete_fields}
    if unknown:
        raise ValueError(f"{model.__name__} has no column {', '.join(sorted(unknown))}.")
    return tuple(field.attname for field in model._meta.concrete_fields if field.attname in names)


def stored(model, name: str, value):
    """`value` as the database stores the model's field `name` (a UUID as
    hex text on SQLite, a datetime in UTC): a parameter for plain SQL."""
    return model._meta.get_field(name).get_db_prep_value(value, connection)


def select_list(alias: str, names: tuple[str, ...]) -> list[str]:
    return [f"{alias}.{name}" for name in names]


def placeholders(count: int) -> str:
    return ", ".join(["%s"] * count)


def for_update(of: str = "") -> str:
    """The row-lock clause for this database: FOR UPDATE [OF `of`], or
    nothing where rows cannot be locked (SQLite locks the whole file)."""
    features = connection.features
    if not features.has_select_for_update:
        return ""
    return f" FOR UPDATE OF {of}" if of and features.has_select_for_update_of else " FOR UPDATE"


def instances(row, *parts) -> list:
    """One instance per (model, columns) of `parts`, each from the next
    slice of `row`, as the ORM would load it (its converters, then
    Model.from_db)."""
    made, start = [], 0
    for model, names in parts:
        values = [_converted(model, name, value) for name, value in zip(names, row[start:], strict=False)]
        made.append(model.from_db(connection.alias, names, values))
        start += len(names)
    return made


def _converted(model, name: str, value):
    column, converters = _converters(model, name)
    for convert in converters:
        value = convert(value, column, connection)
    return value


@cache
def _converters(model, name: str) -> tuple:
    """What the ORM's compiler applies to this column's values on this
    database (a process has one): the backend's, then the field's."""
    field = model._meta.get_field(name)
    column = field.get_col(model._meta.db_table)
    return column, tuple(connection.ops.get_db_converters(column) + field.get_db_converters(connection))


def rows(sql: str, params) -> list[tuple]:
    """The rows a SELECT (or a statement with RETURNING) answers."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def execute(sql: str, params) -> int:
    """Run an INSERT, UPDATE or DELETE; how many rows it wrote."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount
