"""SQLite order storage: orders with snapshot lines and history, day sequences, idempotency keys.

Money is stored as INTEGER paisa, datetimes as fixed-format UTC text (so text order is time
order), UUIDs as canonical lower-case text (which sorts like the UUID itself).
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from beautique.application.errors import Conflict
from beautique.application.ports import ClaimState, IdempotencyClaim, StoredResponse
from beautique.application.queries import OrderQuery, Page
from beautique.domain.catalog import Size
from beautique.domain.money import to_money
from beautique.domain.order import Customer, Order, OrderLine, StatusChange
from beautique.domain.order_id import OrderId
from beautique.domain.order_status import DeliveryStatus, OrderStatus, PaymentMethod, PaymentStatus
from beautique.domain.phone import ALLOWED, digits_of

from .database import SqliteDatabase

ORDER_COLUMNS = (
    "id, order_id, customer_name, customer_name_folded, phone, phone_digits, phone_e164, "
    "whatsapp, email, address, city, country, notes, payment_method, payment_status, "
    "order_status, delivery_status, total_amount, estimated_delivery, tracking_notes, "
    "order_date, created_at, updated_at"
)
INSERT_ORDER = (
    f"INSERT INTO orders ({ORDER_COLUMNS}) VALUES (:{ORDER_COLUMNS.replace(', ', ', :')})"
)
INSERT_LINE = (
    "INSERT INTO order_lines (order_uuid, position, product_id, name, size, color, quantity, "
    "unit_price, image) VALUES (:order_uuid, :position, :product_id, :name, :size, :color, "
    ":quantity, :unit_price, :image)"
)
INSERT_CHANGE = (
    "INSERT INTO order_status_history (order_uuid, position, at, field, from_status, "
    "to_status, changed_by) VALUES (:order_uuid, :position, :at, :field, :from_status, "
    ":to_status, :changed_by)"
)
UPDATE_ORDER = (
    "UPDATE orders SET payment_status = :payment_status, order_status = :order_status, "
    "delivery_status = :delivery_status, estimated_delivery = :estimated_delivery, "
    "tracking_notes = :tracking_notes, updated_at = :updated_at WHERE id = :id"
)
SELECT_BY_UUID = f"SELECT {ORDER_COLUMNS} FROM orders WHERE id = :id"
SELECT_BY_ORDER_ID = f"SELECT {ORDER_COLUMNS} FROM orders WHERE order_id = :order_id"
SELECT_PAGE = (
    f"SELECT {ORDER_COLUMNS} FROM orders WHERE {{where}} "
    "ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset"
)
COUNT = "SELECT count(*) FROM orders WHERE {where}"
# One query per page for all lines and one for all history: no query per order.
SELECT_LINES = (
    "SELECT order_uuid, product_id, name, size, color, quantity, unit_price, image "
    "FROM order_lines WHERE order_uuid IN (SELECT value FROM json_each(:ids)) "
    "ORDER BY order_uuid, position"
)
SELECT_HISTORY = (
    "SELECT order_uuid, at, field, from_status, to_status, changed_by "
    "FROM order_status_history WHERE order_uuid IN (SELECT value FROM json_each(:ids)) "
    "ORDER BY order_uuid, position"
)
FILTERS = {
    "payment_status": "payment_status = :payment_status",
    "order_status": "order_status = :order_status",
    "delivery_status": "delivery_status = :delivery_status",
    "payment_method": "payment_method = :payment_method",
    "start_date": "order_date >= :start_date",
    "end_date": "order_date <= :end_date",
    "search": (
        "(instr(order_id, :search_upper) > 0 OR instr(customer_name_folded, :search_folded) > 0"
        " OR (:search_digits <> '' AND (instr(phone_digits, :search_digits) > 0"
        " OR instr(phone_e164, :search_digits) > 0)))"
    ),
}


class SqliteOrderRepository:
    """Orders in one file; an order and its lines and history are written in one transaction."""

    def __init__(self, db: SqliteDatabase) -> None:
        self._db = db

    async def add(self, order: Order) -> None:
        def work(conn: sqlite3.Connection) -> None:
            conn.execute(INSERT_ORDER, _order_params(order))
            conn.executemany(INSERT_LINE, _line_params(order))
            conn.executemany(INSERT_CHANGE, _change_params(order, 0))

        try:
            await self._db.write(work)
        except sqlite3.IntegrityError as exc:
            if "UNIQUE" not in str(exc):
                raise
            raise Conflict(f"Order {order.order_id} already exists") from exc

    async def get(self, order_uuid: UUID) -> Order | None:
        return await self._db.read(lambda conn: _load_one(conn, SELECT_BY_UUID, str(order_uuid)))

    async def get_by_order_id(self, order_id: OrderId) -> Order | None:
        key = order_id.value.upper()
        return await self._db.read(lambda conn: _load_one(conn, SELECT_BY_ORDER_ID, key))

    async def save(self, order: Order) -> bool:
        def work(conn: sqlite3.Connection) -> bool:
            if conn.execute(UPDATE_ORDER, _order_params(order)).rowcount == 0:
                return False
            stored = _load_history(conn, [str(order.id)])[str(order.id)]
            # The write lock is held: a save built on a copy loaded before someone else's
            # change would silently undo it, so it is refused instead.
            if list(order.history[: len(stored)]) != stored:
                raise Conflict(f"Order {order.order_id} was changed meanwhile; reload and retry")
            conn.executemany(INSERT_CHANGE, _change_params(order, len(stored)))
            return True

        return await self._db.write(work)

    async def search(self, query: OrderQuery) -> Page[Order]:
        fragments, params = _where(query)
        where = " AND ".join(fragments) or "1 = 1"
        paging = {"limit": query.paging.limit, "offset": query.paging.offset}

        def work(conn: sqlite3.Connection) -> tuple[list[Order], int]:
            total = conn.execute(COUNT.format(where=where), params).fetchone()[0]
            rows = conn.execute(SELECT_PAGE.format(where=where), {**params, **paging}).fetchall()
            return _load(conn, rows), total

        items, total = await self._db.read(work)
        return Page(items=items, total=total, page=query.paging.page, limit=query.paging.limit)


def _where(query: OrderQuery) -> tuple[list[str], dict[str, Any]]:
    values: dict[str, Any] = {
        "payment_status": query.payment_status,
        "order_status": query.order_status,
        "delivery_status": query.delivery_status,
        "payment_method": query.payment_method,
        "start_date": query.start_date.isoformat() if query.start_date else None,
        "end_date": query.end_date.isoformat() if query.end_date else None,
    }
    params = {name: value for name, value in values.items() if value is not None}
    fragments = [FILTERS[name] for name in params]
    text = (query.search or "").strip()
    if text:
        fragments.append(FILTERS["search"])
        params.update(
            search_upper=text.upper(),
            search_folded=text.casefold(),
            search_digits=digits_of(text) if ALLOWED.match(text) else "",
        )
    return fragments, params


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


def _ts(at: datetime) -> str:
    if at.tzinfo is None:
        raise ValueError("refusing to store a naive datetime")
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def _paisa(amount: Decimal) -> int:
    return int(to_money(amount) * 100)


def _money(paisa: int) -> Decimal:
    return Decimal(paisa).scaleb(-2)


def _order_params(order: Order) -> dict[str, Any]:
    customer = order.customer
    return {
        "id": str(order.id),
        "order_id": order.order_id.value.upper(),
        "customer_name": customer.name,
        "customer_name_folded": customer.name.casefold(),
        "phone": customer.phone,
        "phone_digits": digits_of(customer.phone),
        "phone_e164": customer.phone_e164,
        "whatsapp": customer.whatsapp,
        "email": customer.email,
        "address": customer.address,
        "city": customer.city,
        "country": customer.country,
        "notes": customer.notes,
        "payment_method": order.payment_method.value,
        "payment_status": order.payment_status.value,
        "order_status": order.order_status.value,
        "delivery_status": order.delivery_status.value,
        "total_amount": _paisa(order.total_amount),
        "estimated_delivery": order.estimated_delivery.isoformat()
        if order.estimated_delivery
        else None,
        "tracking_notes": order.tracking_notes,
        "order_date": order.order_date.isoformat(),
        "created_at": _ts(order.created_at),
        "updated_at": _ts(order.updated_at),
    }


def _line_params(order: Order) -> list[dict[str, Any]]:
    return [
        {
            "order_uuid": str(order.id),
            "position": position,
            "product_id": str(line.product_id),
            "name": line.name,
            "size": line.size.value,
            "color": line.color,
            "quantity": line.quantity,
            "unit_price": _paisa(line.unit_price),
            "image": line.image,
        }
        for position, line in enumerate(order.lines)
    ]


def _change_params(order: Order, start: int) -> list[dict[str, Any]]:
    return [
        {
            "order_uuid": str(order.id),
            "position": position,
            "at": _ts(change.at),
            "field": change.field,
            "from_status": str(change.from_),
            "to_status": str(change.to),
            "changed_by": change.by,
        }
        for position, change in enumerate(order.history[start:], start=start)
    ]


def _order_from_row(row: sqlite3.Row, lines: list[OrderLine], history: list[StatusChange]) -> Order:
    estimated = row["estimated_delivery"]
    return Order(
        id=UUID(row["id"]),
        order_id=OrderId(row["order_id"]),
        customer=Customer(
            name=row["customer_name"],
            phone=row["phone"],
            phone_e164=row["phone_e164"],
            whatsapp=row["whatsapp"],
            email=row["email"],
            address=row["address"],
            city=row["city"],
            country=row["country"],
            notes=row["notes"],
        ),
        lines=tuple(lines),
        payment_method=PaymentMethod(row["payment_method"]),
        order_date=date.fromisoformat(row["order_date"]),
        created_at=datetime.fromisoformat(row["created_at"]),
        updated_at=datetime.fromisoformat(row["updated_at"]),
        payment_status=PaymentStatus(row["payment_status"]),
        order_status=OrderStatus(row["order_status"]),
        delivery_status=DeliveryStatus(row["delivery_status"]),
        estimated_delivery=date.fromisoformat(estimated) if estimated else None,
        tracking_notes=row["tracking_notes"],
        history=tuple(history),
    )


def _line_from_row(row: sqlite3.Row) -> OrderLine:
    return OrderLine(
        product_id=UUID(row["product_id"]),
        name=row["name"],
        size=Size(row["size"]),
        color=row["color"],
        quantity=row["quantity"],
        unit_price=_money(row["unit_price"]),
        image=row["image"],
    )


def _change_from_row(row: sqlite3.Row) -> StatusChange:
    return StatusChange(
        at=datetime.fromisoformat(row["at"]),
        field=row["field"],
        from_=row["from_status"],
        to=row["to_status"],
        by=row["changed_by"],
    )


# --- order numbers -----------------------------------------------------------------------

NEXT_NUMBER = (
    "INSERT INTO order_day_sequences (day, last_number) VALUES (:day, 1) "
    "ON CONFLICT (day) DO UPDATE SET last_number = order_day_sequences.last_number + 1 "
    "RETURNING last_number"
)


class SqliteOrderSequence:
    """The day's next number, allocated in its own short write transaction (writers queue)."""

    def __init__(self, db: SqliteDatabase) -> None:
        self._db = db

    async def next_number(self, business_day: date) -> int:
        params = {"day": business_day.isoformat()}
        number: int = await self._db.write(
            lambda conn: conn.execute(NEXT_NUMBER, params).fetchone()[0]
        )
        return number


# --- idempotency keys --------------------------------------------------------------------

SELECT_KEY = (
    "SELECT fingerprint, state, response_status, response_body, response_location, expires_at "
    "FROM idempotency_keys WHERE key = :key"
)
TAKE_KEY = (
    "INSERT INTO idempotency_keys (key, fingerprint, state, response_status, response_body, "
    "response_location, created_at, expires_at) VALUES (:key, :fingerprint, 'in_flight', NULL, "
    "NULL, NULL, :created_at, :expires_at) ON CONFLICT (key) DO UPDATE SET "
    "fingerprint = excluded.fingerprint, state = 'in_flight', response_status = NULL, "
    "response_body = NULL, response_location = NULL, created_at = excluded.created_at, "
    "expires_at = excluded.expires_at"
)
COMPLETE_KEY = (
    "UPDATE idempotency_keys SET state = 'done', response_status = :status, "
    "response_body = :body, response_location = :location WHERE key = :key"
)
RELEASE_KEY = "DELETE FROM idempotency_keys WHERE key = :key AND state = 'in_flight'"


class SqliteIdempotencyStore:
    """A key belongs to one request body until it expires; finished responses are replayed.

    The whole claim runs in one BEGIN IMMEDIATE transaction, so two claims never interleave.
    """

    def __init__(self, db: SqliteDatabase) -> None:
        self._db = db

    async def claim(
        self, key: str, fingerprint: str, now: datetime, ttl_seconds: int
    ) -> IdempotencyClaim:
        take = {
            "key": key,
            "fingerprint": fingerprint,
            "created_at": _ts(now),
            "expires_at": _ts(now + timedelta(seconds=ttl_seconds)),
        }

        def work(conn: sqlite3.Connection) -> IdempotencyClaim:
            row = conn.execute(SELECT_KEY, {"key": key}).fetchone()
            if row is None or row["expires_at"] <= take["created_at"]:
                conn.execute(TAKE_KEY, take)
                return IdempotencyClaim(ClaimState.NEW)
            return _claim_from_row(row, fingerprint)

        return await self._db.write(work)

    async def complete(self, key: str, response: StoredResponse) -> None:
        params = {
            "key": key,
            "status": response.status,
            "body": response.body,
            "location": response.location,
        }
        await self._db.write(lambda conn: conn.execute(COMPLETE_KEY, params))

    async def release(self, key: str) -> None:
        await self._db.write(lambda conn: conn.execute(RELEASE_KEY, {"key": key}))


def _claim_from_row(row: sqlite3.Row, fingerprint: str) -> IdempotencyClaim:
    """What a live (unexpired) key means for a request with this fingerprint."""
    if row["fingerprint"] != fingerprint:
        return IdempotencyClaim(ClaimState.MISMATCH)
    if row["state"] == "in_flight":
        return IdempotencyClaim(ClaimState.IN_FLIGHT)
    response = StoredResponse(
        status=row["response_status"],
        body=bytes(row["response_body"]),
        location=row["response_location"],
    )
    return IdempotencyClaim(ClaimState.REPLAY, response)
