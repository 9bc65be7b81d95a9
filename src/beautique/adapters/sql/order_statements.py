"""The order repository's statements, shared by both SQL adapters: psycopg's placeholders, rewritten
for SQLite by `placeholders.for_sqlite`; `{in_ids}` is each backend's test of membership in the
bound list `ids`. Their columns and values are in `order_rows`."""

from __future__ import annotations

from collections.abc import Sequence

from .order_rows import CHANGE_COLUMNS, LINE_COLUMNS, LINE_FIELDS, ORDER_COLUMNS


def _insert(table: str, columns: Sequence[str]) -> str:
    values = ", ".join(f"%({column})s" for column in columns)
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({values})"


INSERT_ORDER = _insert("orders", ORDER_COLUMNS)
INSERT_LINE = _insert("order_lines", LINE_COLUMNS)
INSERT_CHANGE = _insert("order_status_history", CHANGE_COLUMNS)
# Takes `count` numbers of one business day at once and returns the last of them.
RESERVE_NUMBERS = (
    "INSERT INTO order_day_sequences (day, last_number) VALUES (%(day)s, %(count)s) "
    "ON CONFLICT (day) DO UPDATE SET last_number = order_day_sequences.last_number + %(count)s "
    "RETURNING last_number"
)
EXISTS = "SELECT 1 FROM orders WHERE id = %(id)s"
# One query per page for all lines and one for all history: no query per order.
SELECT_LINES = (
    f"SELECT order_uuid, {', '.join(LINE_FIELDS)} FROM order_lines "
    "WHERE order_uuid {in_ids} ORDER BY order_uuid, position"
)
SELECT_HISTORY = (
    "SELECT order_uuid, at, field, from_status, to_status, changed_by "
    "FROM order_status_history WHERE order_uuid {in_ids} ORDER BY order_uuid, position"
)
