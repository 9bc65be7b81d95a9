"""Postgres order storage: orders with snapshot lines and history, day sequences, idempotency keys.

Every method is one short transaction on a pooled connection. Money is numeric(12,2), so
Decimals round-trip exactly; timestamps are timestamptz, read back as UTC.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

import psycopg
from psycopg import sql

from beautique.adapters.sql import order_rows
from beautique.adapters.sql import order_statements as statements
from beautique.adapters.sql.order_statements import (
    EXISTS,
    INSERT_CHANGE,
    RESERVE_NUMBERS,
)
from beautique.application.errors import Conflict
from beautique.application.ports import PriceCart
from beautique.domain.order import Order, OrderLine, StatusChange
from beautique.domain.order_id import OrderId

from .checkout_batches import CheckoutBatches
from .database import AsyncConn, PostgresDatabase, Row
from .errors import duplicate_is_conflict
from .order_writes import change_params, order_params
from .values import IN_IDS

COLUMNS = ", ".join(order_rows.ORDER_COLUMNS)
# The UPDATE also takes the row lock that serialises concurrent saves of one order.
UPDATE_ORDER = (
    "UPDATE orders SET payment_status = %(payment_status)s, order_status = %(order_status)s, "
    "delivery_status = %(delivery_status)s, estimated_delivery = %(estimated_delivery)s, "
    "tracking_notes = %(tracking_notes)s, updated_at = %(updated_at)s WHERE id = %(id)s "
    "AND (%(unchanged_since)s::timestamptz IS NULL OR updated_at = %(unchanged_since)s)"
)
SELECT_BY_UUID = f"SELECT {COLUMNS} FROM orders WHERE id = %(key)s"
SELECT_BY_ORDER_ID = f"SELECT {COLUMNS} FROM orders WHERE order_id = %(key)s"
SELECT_LINES = statements.SELECT_LINES.format(in_ids=IN_IDS)
SELECT_HISTORY = statements.SELECT_HISTORY.format(in_ids=IN_IDS)


class PostgresOrderRepository:
    """Orders in Postgres; an order and its lines and history are written in one transaction."""

    def __init__(self, db: PostgresDatabase) -> None:
        self._db = db
        self._batches = CheckoutBatches(db)  # checkouts are stored in batches (group commit)

    async def place(
        self, product_ids: Collection[UUID], business_day: date, price: PriceCart
    ) -> Order:
        return await self._batches.place(product_ids, business_day, price)

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
        lines = [ln for order in orders for ln in order_rows.line_values(order)]
        lines.sort(key=lambda ln: ln["product_id"])  # the lock order of product_totals rows
        changes = [change for order in orders for change in change_params(order, 0)]
        with duplicate_is_conflict("Some of these orders already exist"):
            async with self._db.connection() as conn, conn.cursor() as cur:
                await _copy(cur, "orders", order_rows.ORDER_COLUMNS, map(order_params, orders))
                await _copy(cur, "order_lines", order_rows.LINE_COLUMNS, lines)
                await _copy(cur, "order_status_history", order_rows.CHANGE_COLUMNS, changes)

    async def save(self, order: Order, *, unchanged_since: datetime | None = None) -> bool:
        params = {**order_params(order), "unchanged_since": unchanged_since}
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
                await changes.executemany(INSERT_CHANGE, change_params(order, len(stored)))
            return True

    async def reserve_numbers(self, business_day: date, count: int) -> int:
        # Bulk demo orders: one statement in its own transaction, so the row lock lives only
        # for this upsert.
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
        lines[line["order_uuid"]].append(order_rows.line_from_values(line))
    history = await _load_history(conn, ids)
    return [_order_from_row(row, lines[row["id"]], history[row["id"]]) for row in rows]


async def _load_history(conn: AsyncConn, ids: list[UUID]) -> dict[UUID, list[StatusChange]]:
    history: dict[UUID, list[StatusChange]] = defaultdict(list)
    cur = await conn.execute(SELECT_HISTORY, {"ids": ids})
    for change in await cur.fetchall():
        history[change["order_uuid"]].append(_change_from_row(change))
    return history


# --- rows <-> domain ---------------------------------------------------------------------


def _order_from_row(row: Row, lines: list[OrderLine], history: list[StatusChange]) -> Order:
    utc = {
        "created_at": row["created_at"].astimezone(UTC),
        "updated_at": row["updated_at"].astimezone(UTC),
    }
    return order_rows.order_from_values({**row, **utc}, lines, history)


def _change_from_row(row: Row) -> StatusChange:
    return order_rows.change_from_values({**row, "at": row["at"].astimezone(UTC)})
