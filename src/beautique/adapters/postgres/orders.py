"""Postgres order storage: orders with snapshot lines and history, day sequences, idempotency keys.

Every method is one short transaction on a pooled connection. Money is numeric(12,2), so
Decimals round-trip exactly; timestamps are timestamptz, read back as UTC.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

import psycopg
from psycopg import errors, sql

from beautique.adapters.sql.order_rows import order_from_values, order_values
from beautique.application.errors import Conflict
from beautique.application.ports import KeyCompletion
from beautique.domain.catalog import Size
from beautique.domain.order import Order, OrderLine, StatusChange
from beautique.domain.order_id import OrderId

from .database import AsyncConn, PostgresDatabase, Row
from .idempotency import finish_key
from .values import aware

ORDER_COLUMNS = (
    "id, order_id, customer_name, customer_name_folded, phone, phone_digits, phone_e164, "
    "whatsapp, email, address, city, country, notes, payment_method, payment_status, "
    "order_status, delivery_status, total_amount, estimated_delivery, tracking_notes, "
    "order_date, created_at, updated_at"
)
INSERT_ORDER = (
    f"INSERT INTO orders ({ORDER_COLUMNS}) VALUES (%({ORDER_COLUMNS.replace(', ', ')s, %(')})s)"
)
INSERT_LINE = (
    "INSERT INTO order_lines (order_uuid, position, product_id, name, size, color, quantity, "
    "unit_price, image) VALUES (%(order_uuid)s, %(position)s, %(product_id)s, %(name)s, "
    "%(size)s, %(color)s, %(quantity)s, %(unit_price)s, %(image)s)"
)
INSERT_CHANGE = (
    "INSERT INTO order_status_history (order_uuid, position, at, field, from_status, "
    "to_status, changed_by) VALUES (%(order_uuid)s, %(position)s, %(at)s, %(field)s, "
    "%(from_status)s, %(to_status)s, %(changed_by)s)"
)
# The UPDATE also takes the row lock that serialises concurrent saves of one order.
UPDATE_ORDER = (
    "UPDATE orders SET payment_status = %(payment_status)s, order_status = %(order_status)s, "
    "delivery_status = %(delivery_status)s, estimated_delivery = %(estimated_delivery)s, "
    "tracking_notes = %(tracking_notes)s, updated_at = %(updated_at)s WHERE id = %(id)s "
    "AND (%(unchanged_since)s::timestamptz IS NULL OR updated_at = %(unchanged_since)s)"
)
# One statement in its own transaction: the row lock lives only for this upsert, so
# concurrent checkouts on any number of machines each get a distinct number without
# queueing behind each other's whole checkout. A checkout that fails later leaves a gap.
RESERVE_NUMBERS = (
    "INSERT INTO order_day_sequences (day, last_number) VALUES (%(day)s, %(count)s) "
    "ON CONFLICT (day) DO UPDATE SET last_number = order_day_sequences.last_number + %(count)s "
    "RETURNING last_number"
)
EXISTS = "SELECT 1 FROM orders WHERE id = %(id)s"
LINE_COLUMNS = (
    "order_uuid", "position", "product_id", "name", "size", "color", "quantity", "unit_price",
    "image",
)  # fmt: skip
CHANGE_COLUMNS = (
    "order_uuid", "position", "at", "field", "from_status", "to_status", "changed_by",
)  # fmt: skip
SELECT_BY_UUID = f"SELECT {ORDER_COLUMNS} FROM orders WHERE id = %(key)s"
SELECT_BY_ORDER_ID = f"SELECT {ORDER_COLUMNS} FROM orders WHERE order_id = %(key)s"
# One query per page for all lines and one for all history: no query per order.
SELECT_LINES = (
    "SELECT order_uuid, product_id, name, size, color, quantity, unit_price, image "
    "FROM order_lines WHERE order_uuid = ANY(%(ids)s) ORDER BY order_uuid, position"
)
SELECT_HISTORY = (
    "SELECT order_uuid, at, field, from_status, to_status, changed_by "
    "FROM order_status_history WHERE order_uuid = ANY(%(ids)s) ORDER BY order_uuid, position"
)


class PostgresOrderRepository:
    """Orders in Postgres; an order and its lines and history are written in one transaction."""

    def __init__(self, db: PostgresDatabase) -> None:
        self._db = db

    async def add(self, order: Order, completion: KeyCompletion | None = None) -> None:
        try:
            async with self._db.connection() as conn:
                if completion is not None:
                    await finish_key(conn, completion)  # LeaseLost rolls it all back
                await conn.execute(INSERT_ORDER, _order_params(order))
                async with conn.cursor() as cur:
                    # In product order: the lock order of product_totals rows (migration 005).
                    lines = sorted(_line_params(order), key=lambda ln: ln["product_id"])
                    await cur.executemany(INSERT_LINE, lines)
                    await cur.executemany(INSERT_CHANGE, _change_params(order, 0))
        except errors.UniqueViolation as exc:
            raise Conflict(f"Order {order.order_id} already exists") from exc

    async def get(self, order_uuid: UUID) -> Order | None:
        return await self._get_one(SELECT_BY_UUID, order_uuid)

    async def get_by_order_id(self, order_id: OrderId) -> Order | None:
        return await self._get_one(SELECT_BY_ORDER_ID, order_id.value.upper())

    async def _get_one(self, query: str, key: object) -> Order | None:
        async with self._db.connection() as conn:
            cur = await conn.execute(query, {"key": key})
            row = await cur.fetchone()
            return None if row is None else (await _load(conn, [row]))[0]

    async def add_many(self, orders: Sequence[Order]) -> None:
        """COPY, one statement per table, so the totals triggers run once for the whole batch."""
        lines = [ln for order in orders for ln in _line_params(order)]
        lines.sort(key=lambda ln: ln["product_id"])  # the lock order of product_totals rows
        changes = [change for order in orders for change in _change_params(order, 0)]
        try:
            async with self._db.connection() as conn, conn.cursor() as cur:
                order_columns = tuple(ORDER_COLUMNS.split(", "))
                await _copy(cur, "orders", order_columns, map(_order_params, orders))
                await _copy(cur, "order_lines", LINE_COLUMNS, lines)
                await _copy(cur, "order_status_history", CHANGE_COLUMNS, changes)
        except errors.UniqueViolation as exc:
            raise Conflict("Some of these orders already exist") from exc

    async def save(self, order: Order, *, unchanged_since: datetime | None = None) -> bool:
        params = {**_order_params(order), "unchanged_since": unchanged_since}
        async with self._db.connection() as conn:
            cur = await conn.execute(UPDATE_ORDER, params)
            if cur.rowcount == 0:
                if await (await conn.execute(EXISTS, {"id": order.id})).fetchone() is None:
                    return False
                raise Conflict(f"Order {order.order_id} was changed meanwhile; reload and retry")
            stored = (await _load_history(conn, [order.id]))[order.id]
            # The row is locked now: a save built on a copy loaded before someone else's
            # change would silently undo it, so it is refused (and this update rolled back).
            if list(order.history[: len(stored)]) != stored:
                raise Conflict(f"Order {order.order_id} was changed meanwhile; reload and retry")
            async with conn.cursor() as changes:
                await changes.executemany(INSERT_CHANGE, _change_params(order, len(stored)))
            return True

    async def next_number(self, business_day: date) -> int:
        return await self.reserve_numbers(business_day, 1)

    async def reserve_numbers(self, business_day: date, count: int) -> int:
        async with self._db.connection() as conn:
            cur = await conn.execute(RESERVE_NUMBERS, {"day": business_day, "count": count})
            row = await cur.fetchone()
        assert row is not None  # an upsert with RETURNING always returns its row
        last: int = row["last_number"]
        return last - count + 1


async def _copy(
    cur: psycopg.AsyncCursor[Row],
    table: str,
    columns: tuple[str, ...],
    rows: Iterable[dict[str, Any]],
) -> None:
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    async with cur.copy(statement) as copy:
        for row in rows:
            await copy.write_row([row[name] for name in columns])


async def _load(conn: AsyncConn, rows: list[Row]) -> list[Order]:
    ids = [row["id"] for row in rows]
    if not ids:
        return []
    lines: dict[UUID, list[OrderLine]] = defaultdict(list)
    cur = await conn.execute(SELECT_LINES, {"ids": ids})
    for line in await cur.fetchall():
        lines[line["order_uuid"]].append(_line_from_row(line))
    history = await _load_history(conn, ids)
    return [_order_from_row(row, lines[row["id"]], history[row["id"]]) for row in rows]


async def _load_history(conn: AsyncConn, ids: list[UUID]) -> dict[UUID, list[StatusChange]]:
    history: dict[UUID, list[StatusChange]] = defaultdict(list)
    cur = await conn.execute(SELECT_HISTORY, {"ids": ids})
    for change in await cur.fetchall():
        history[change["order_uuid"]].append(_change_from_row(change))
    return history


# --- rows <-> domain ---------------------------------------------------------------------


def _order_params(order: Order) -> dict[str, Any]:
    values = order_values(order)
    return {**values, "created_at": aware(order.created_at), "updated_at": aware(order.updated_at)}


def _line_params(order: Order) -> list[dict[str, Any]]:
    return [
        {
            "order_uuid": order.id,
            "position": position,
            "product_id": line.product_id,
            "name": line.name,
            "size": line.size.value,
            "color": line.color,
            "quantity": line.quantity,
            "unit_price": line.unit_price,
            "image": line.image,
        }
        for position, line in enumerate(order.lines)
    ]


def _change_params(order: Order, start: int) -> list[dict[str, Any]]:
    return [
        {
            "order_uuid": order.id,
            "position": position,
            "at": aware(change.at),
            "field": change.field,
            "from_status": str(change.from_),
            "to_status": str(change.to),
            "changed_by": change.by,
        }
        for position, change in enumerate(order.history[start:], start=start)
    ]


def _order_from_row(row: Row, lines: list[OrderLine], history: list[StatusChange]) -> Order:
    utc = {
        "created_at": row["created_at"].astimezone(UTC),
        "updated_at": row["updated_at"].astimezone(UTC),
    }
    return order_from_values({**row, **utc}, lines, history)


def _line_from_row(row: Row) -> OrderLine:
    return OrderLine(
        product_id=row["product_id"],
        name=row["name"],
        size=Size(row["size"]),
        color=row["color"],
        quantity=row["quantity"],
        unit_price=row["unit_price"],
        image=row["image"],
    )


def _change_from_row(row: Row) -> StatusChange:
    return StatusChange(
        at=row["at"].astimezone(UTC),
        field=row["field"],
        from_=row["from_status"],
        to=row["to_status"],
        by=row["changed_by"],
    )
