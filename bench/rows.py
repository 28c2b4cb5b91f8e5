"""Rows by the hundred thousand for the benchmarks' organisations, written with ``executemany``.

``bulk_create`` builds a model instance for every row and prepares every value through the ORM,
which at a million rows costs ten times the inserts themselves. ``insert`` prepares each distinct
date, time or JSON value once, passes numbers and text as they are, and gives every row a new
primary key of its own, so that rows can point at rows inserted just before them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import islice
from typing import Any

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max, Model

PLAIN = (int, str, bool, type(None))


def _preparer(field) -> Callable[[Any], Any]:
    """The field's database value for a Python value, each distinct object prepared once."""
    prepared: dict[int, tuple[Any, Any]] = {}

    def prepare(value):
        if type(value) in PLAIN:
            return value
        if id(value) not in prepared:  # the value is kept with it, so its id is not reused
            prepared[id(value)] = (value, field.get_db_prep_save(value, connection))
        return prepared[id(value)][1]

    return prepare


def insert(
    model: type[Model], fields: Sequence[str], rows: Iterable[Sequence], batch_size: int = 5000
) -> list:
    """Insert ``rows`` (values in the order of ``fields``, by attribute name, e.g. ``user_id``)
    into ``model``'s table; every other column takes its field's default, worked out once.
    Returns the new rows' primary keys, in order. No signals, no ``save()``."""
    meta = model._meta
    given = [meta.get_field(name) for name in fields]  # get_field knows "user_id" as well as "user"
    rest = [f for f in meta.concrete_fields if f not in given and not f.primary_key]
    defaults = tuple(f.get_db_prep_save(f.get_default(), connection) for f in rest)
    prepare = [_preparer(field) for field in given]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in [meta.pk, *given, *rest])
    marks = ", ".join(["%s"] * (1 + len(given) + len(rest)))
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608 (names from the model)
    first = (model._base_manager.aggregate(last=Max("pk"))["last"] or 0) + 1
    keys = []
    with connection.cursor() as cursor:
        rows = iter(rows)
        while chunk := list(islice(rows, batch_size)):
            start = first + len(keys)
            cursor.executemany(
                sql,
                [
                    (start + n, *(p(value) for p, value in zip(prepare, row, strict=True)), *defaults)
                    for n, row in enumerate(chunk)
                ],
            )
            keys.extend(range(start, start + len(chunk)))
        for statement in connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(statement)  # PostgreSQL's sequence, past the keys given here
    return keys
