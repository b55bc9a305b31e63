"""Append a Polars frame's rows to a model's table at bulk speed, inside the caller's
transaction: ``executemany`` on SQLite, ``COPY … FROM STDIN`` (CSV) on PostgreSQL.

No model instances, signals or validation: callers pass rows that already satisfy the
table's constraints, with values as the database takes them (ids, ISO dates, decimal text).
"""

from collections.abc import Sequence

import polars as pl
from django.db import connection, models

from jinye.progress import ProgressFn

ROW_BATCH = 50_000


def _column(model: type[models.Model], field_name: str) -> str:
    field = model._meta.get_field(field_name)
    assert isinstance(field, models.Field) and field.column
    return field.column


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    frame: pl.DataFrame,
    progress: ProgressFn,
    label: str,
) -> None:
    """Insert ``frame``'s rows (columns in ``fields`` order) into ``model``'s table."""
    qn = connection.ops.quote_name
    columns = ", ".join(qn(_column(model, f)) for f in fields)
    table = qn(model._meta.db_table)
    total = frame.height
    progress(0, total, label)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # CSV text straight from Polars: unquoted empty fields are NULLs.
            sql = f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv)"
            with cursor.cursor.copy(sql) as copy:
                for first in range(0, total, ROW_BATCH):
                    copy.write(frame.slice(first, ROW_BATCH).write_csv(include_header=False))
                    progress(min(first + ROW_BATCH, total), total, label)
        else:
            sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
            for first in range(0, total, ROW_BATCH):
                cursor.executemany(sql, frame.slice(first, ROW_BATCH).rows())
                progress(min(first + ROW_BATCH, total), total, label)
    progress(total, total, label)
