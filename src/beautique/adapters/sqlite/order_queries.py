"""SQLite read side of the admin order screens: read models computed in SQL."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any
from uuid import UUID

from beautique.adapters.sql.order_rows import LIST_COLUMNS, list_row_from_values, order_filters
from beautique.application.order_views import OrderListRow
from beautique.application.queries import OrderQuery, Page

from .database import SqliteDatabase
from .values import from_paisa, from_text

SELECT_PAGE = (
    f"SELECT {LIST_COLUMNS} FROM orders WHERE {{where}} "
    "ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset"
)
COUNT = "SELECT count(*) FROM orders WHERE {where}"
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


class SqliteOrderQueries:
    """Each read is one read transaction, so its figures agree with each other."""

    def __init__(self, db: SqliteDatabase) -> None:
        self._db = db

    async def list_orders(self, query: OrderQuery) -> Page[OrderListRow]:
        where, params = _where(query)
        paging = {"limit": query.paging.limit, "offset": query.paging.offset}

        def work(conn: sqlite3.Connection) -> tuple[list[OrderListRow], int]:
            total = conn.execute(COUNT.format(where=where), params).fetchone()[0]
            rows = conn.execute(SELECT_PAGE.format(where=where), {**params, **paging})
            return [_list_row(row) for row in rows], total

        items, total = await self._db.read(work)
        return Page(items=items, total=total, page=query.paging.page, limit=query.paging.limit)


def _where(query: OrderQuery) -> tuple[str, dict[str, Any]]:
    names, params = order_filters(query)
    for bound in ("start_date", "end_date"):  # dates are ISO text in SQLite
        if bound in params:
            params[bound] = params[bound].isoformat()
    return " AND ".join(FILTERS[name] for name in names) or "1 = 1", params


def _list_row(row: sqlite3.Row) -> OrderListRow:
    stored_types = {
        "id": UUID(row["id"]),
        "total_amount": from_paisa(row["total_amount"]),
        "order_date": date.fromisoformat(row["order_date"]),
        "created_at": from_text(row["created_at"]),
    }
    return list_row_from_values({**dict(row), **stored_types})
