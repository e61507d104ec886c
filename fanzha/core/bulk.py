"""Plain multi-row inserts for generators that make hundreds of thousands of rows.

``bulk_create`` spends most of its time preparing each value through the field machinery; the
demo generator already makes database-ready values (strings, dates, ints), so it hands rows of
tuples straight to ``executemany``. Timestamps of TimeStampedModel are filled in here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    batch: int = 5000,
) -> int:
    """Insert ``rows`` (tuples in the order of ``fields``, which are attnames) into ``model``'s
    table; ``created_at``/``updated_at`` are added when the model has them. Returns the count."""
    opts = model._meta
    names = list(fields)
    stamp_fields = [
        f
        for f in ("created_at", "updated_at")
        if any(x.attname == f for x in opts.concrete_fields) and f not in names
    ]
    by_attname = {f.attname: f.column for f in opts.concrete_fields}
    by_name = {f.name: f.column for f in opts.concrete_fields}
    columns = [str(by_attname.get(n) or by_name[n]) for n in names] + stamp_fields
    quote = connection.ops.quote_name
    placeholder = "%s"
    table = quote(str(opts.db_table))
    column_list = ", ".join(quote(c) for c in columns)
    values = ", ".join([placeholder] * len(columns))
    sql = f"INSERT INTO {table} ({column_list}) VALUES ({values})"  # noqa: S608
    now = timezone.now()
    extra = tuple(now for _ in stamp_fields)
    count = 0
    chunk: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for row in rows:
            chunk.append(tuple(row) + extra)
            if len(chunk) >= batch:
                cursor.executemany(sql, chunk)
                count += len(chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)
            count += len(chunk)
    return count
