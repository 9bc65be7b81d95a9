"""SQLite order storage: orders with snapshot lines and history, day sequences, idempotency keys.

Money is stored as INTEGER paisa, datetimes as fixed-format UTC text (so text order is time
order), UUIDs as canonical lower-case text (which sorts like the UUID itself).
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID

from beautique.adapters.sql import order_rows
from beautique.adapters.sql import order_statements as statements
from beautique.adapters.sql.placeholders import for_sqlite
from beautique.application.errors import Conflict
from beautique.application.ports import KeyCompletion, PriceCart
from beautique.domain.order import Order, OrderLine, StatusChange
from beautique.domain.order_id import OrderId

from .database import SqliteDatabase
from .errors import duplicate_is_conflict
from .idempotency import finish_key
from .products import products_in
from .values import IN_IDS, from_paisa, from_text, to_paisa, to_text

COLUMNS = ", ".join(order_rows.ORDER_COLUMNS)
INSERT_ORDER = for_sqlite(statements.INSERT_ORDER)
INSERT_LINE = for_sqlite(statements.INSERT_LINE)
INSERT_CHANGE = for_sqlite(statements.INSERT_CHANGE)
UPDATE_ORDER = (
    "UPDATE orders SET payment_status = :payment_status, order_status = :order_status, "
    "delivery_status = :delivery_status, estimated_delivery = :estimated_delivery, "
    "tracking_notes = :tracking_notes, updated_at = :updated_at WHERE id = :id "
    "AND (:unchanged_since IS NULL OR updated_at = :unchanged_since)"
)
RESERVE_NUMBERS = for_sqlite(statements.RESERVE_NUMBERS)
EXISTS = for_sqlite(statements.EXISTS)
BULK_CACHE_KIB = 65536
DEFAULT_CACHE_KIB = 2000  # SQLite's own default
SELECT_BY_UUID = f"SELECT {COLUMNS} FROM orders WHERE id = :id"
SELECT_BY_ORDER_ID = f"SELECT {COLUMNS} FROM orders WHERE order_id = :order_id"
SELECT_LINES = for_sqlite(statements.SELECT_LINES).format(in_ids=IN_IDS)
SELECT_HISTORY = for_sqlite(statements.SELECT_HISTORY).format(in_ids=IN_IDS)


class SqliteOrderRepository:
    """Orders in one file; an order and its lines and history are written in one transaction."""

    def __init__(self, db: SqliteDatabase) -> None:
        self._db = db

    async def place(
        self, product_ids: Collection[UUID], business_day: date, price: PriceCart
    ) -> Order:
        numbering = {"day": business_day.isoformat(), "count": 1}

        def work(conn: sqlite3.Connection) -> Order:
            # Checkout's one thread hop and one write transaction: SQLite has one writer at a
            # time anyway, so the number, the price check and the order share its lock.
            numbered = price(products_in(conn, product_ids))
            order, completion = numbered(conn.execute(RESERVE_NUMBERS, numbering).fetchone()[0])
            _insert(conn, order, completion)
            return order

        with duplicate_is_conflict("An order with this id already exists"):
            return await self._db.write(work)

    async def get(self, order_uuid: UUID) -> Order | None:
        return await self._db.read(lambda conn: _load_one(conn, SELECT_BY_UUID, str(order_uuid)))

    async def get_by_order_id(self, order_id: OrderId) -> Order | None:
        key = order_id.value.upper()
        return await self._db.read(lambda conn: _load_one(conn, SELECT_BY_ORDER_ID, key))

    async def add_many(self, orders: Sequence[Order]) -> None:
        def work(conn: sqlite3.Connection) -> None:
            # A bulk write touches many index pages: a bigger page cache for it, then the default.
            conn.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
            try:
                conn.executemany(INSERT_ORDER, map(_order_params, orders))
                conn.executemany(INSERT_LINE, (ln for o in orders for ln in _line_params(o)))
                conn.executemany(INSERT_CHANGE, (ch for o in orders for ch in _change_params(o, 0)))
            finally:
                conn.execute(f"PRAGMA cache_size = -{DEFAULT_CACHE_KIB}")

        with duplicate_is_conflict("Some of these orders already exist"):
            await self._db.write(work)

    async def save(self, order: Order, *, unchanged_since: datetime | None = None) -> bool:
        params = {
            **_order_params(order),
            "unchanged_since": None if unchanged_since is None else to_text(unchanged_since),
        }

        def work(conn: sqlite3.Connection) -> bool:
            if conn.execute(UPDATE_ORDER, params).rowcount == 0:
                if conn.execute(EXISTS, {"id": params["id"]}).fetchone() is None:
                    return False
                raise Conflict(f"Order {order.order_id} was changed meanwhile; reload and retry")
            stored = _load_history(conn, [str(order.id)])[str(order.id)]
            # The write lock is held: a save built on a copy loaded before someone else's
            # change would silently undo it, so it is refused instead.
            if list(order.history[: len(stored)]) != stored:
                raise Conflict(f"Order {order.order_id} was changed meanwhile; reload and retry")
            conn.executemany(INSERT_CHANGE, _change_params(order, len(stored)))
            return True

        return await self._db.write(work)

    async def reserve_numbers(self, business_day: date, count: int) -> int:
        params = {"day": business_day.isoformat(), "count": count}
        last: int = await self._db.write(
            lambda conn: conn.execute(RESERVE_NUMBERS, params).fetchone()[0]
        )
        return last - count + 1


def _insert(conn: sqlite3.Connection, order: Order, completion: KeyCompletion | None) -> None:
    if completion is not None:
        finish_key(conn, completion)  # LeaseLost rolls the whole transaction back
    conn.execute(INSERT_ORDER, _order_params(order))
    conn.executemany(INSERT_LINE, _line_params(order))
    conn.executemany(INSERT_CHANGE, _change_params(order, 0))


def _load_one(conn: sqlite3.Connection, sql: str, key: str) -> Order | None:
    row = conn.execute(sql, (key,)).fetchone()
    return None if row is None else _load(conn, [row])[0]


def _load(conn: sqlite3.Connection, rows: list[sqlite3.Row]) -> list[Order]:
    ids = [row["id"] for row in rows]
    if not ids:
        return []
    lines: dict[str, list[OrderLine]] = defaultdict(list)
    for line in conn.execute(SELECT_LINES, {"ids": json.dumps(ids)}):
        lines[line["order_uuid"]].append(_line_from_row(line))
    history = _load_history(conn, ids)
    return [_order_from_row(row, lines[row["id"]], history[row["id"]]) for row in rows]


def _load_history(conn: sqlite3.Connection, ids: list[str]) -> dict[str, list[StatusChange]]:
    history: dict[str, list[StatusChange]] = defaultdict(list)
    for change in conn.execute(SELECT_HISTORY, {"ids": json.dumps(ids)}):
        history[change["order_uuid"]].append(_change_from_row(change))
    return history


# --- rows <-> domain ---------------------------------------------------------------------


def _order_params(order: Order) -> dict[str, Any]:
    estimated = order.estimated_delivery
    return {
        **order_rows.order_values(order),
        "id": str(order.id),
        "total_amount": to_paisa(order.total_amount),
        "estimated_delivery": estimated.isoformat() if estimated else None,
        "order_date": order.order_date.isoformat(),
        "created_at": to_text(order.created_at),
        "updated_at": to_text(order.updated_at),
    }


def _line_params(order: Order) -> list[dict[str, Any]]:
    return [
        {
            **values,
            "order_uuid": str(order.id),
            "product_id": str(values["product_id"]),
            "unit_price": to_paisa(values["unit_price"]),
        }
        for values in order_rows.line_values(order)
    ]


def _change_params(order: Order, start: int) -> list[dict[str, Any]]:
    return [
        {**values, "order_uuid": str(order.id), "at": to_text(values["at"])}
        for values in order_rows.change_values(order, start)
    ]


def _order_from_row(row: sqlite3.Row, lines: list[OrderLine], history: list[StatusChange]) -> Order:
    estimated = row["estimated_delivery"]
    stored_types = {
        "id": UUID(row["id"]),
        "order_date": date.fromisoformat(row["order_date"]),
        "created_at": from_text(row["created_at"]),
        "updated_at": from_text(row["updated_at"]),
        "estimated_delivery": date.fromisoformat(estimated) if estimated else None,
    }
    return order_rows.order_from_values({**dict(row), **stored_types}, lines, history)


def _line_from_row(row: sqlite3.Row) -> OrderLine:
    stored_types = {
        "product_id": UUID(row["product_id"]),
        "unit_price": from_paisa(row["unit_price"]),
    }
    return order_rows.line_from_values({**dict(row), **stored_types})


def _change_from_row(row: sqlite3.Row) -> StatusChange:
    return order_rows.change_from_values({**dict(row), "at": from_text(row["at"])})
