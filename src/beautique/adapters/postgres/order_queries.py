"""PostgreSQL read side of the admin order screens: read models computed in SQL.

Every read runs in one REPEATABLE READ, READ ONLY transaction (a snapshot), so a page's total
and its rows, or a dashboard's figures, describe the same moment.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

from psycopg import sql

from beautique.adapters.sql.order_rows import LIST_COLUMNS, list_row_from_values, order_filters
from beautique.application.order_views import OrderListRow
from beautique.application.queries import OrderQuery, Page

from .database import PostgresDatabase, Row

SELECT_PAGE = sql.SQL(
    f"SELECT {LIST_COLUMNS} FROM orders WHERE {{where}} "
    "ORDER BY created_at DESC, id DESC LIMIT %(limit)s OFFSET %(offset)s"
)
COUNT = sql.SQL("SELECT count(*) AS total FROM orders WHERE {where}")
FILTERS = {
    "payment_status": "payment_status = %(payment_status)s",
    "order_status": "order_status = %(order_status)s",
    "delivery_status": "delivery_status = %(delivery_status)s",
    "payment_method": "payment_method = %(payment_method)s",
    "start_date": "order_date >= %(start_date)s",
    "end_date": "order_date <= %(end_date)s",
    "search": (
        "(strpos(order_id, %(search_upper)s) > 0"
        " OR strpos(customer_name_folded, %(search_folded)s) > 0"
        " OR (%(search_digits)s <> '' AND (strpos(phone_digits, %(search_digits)s) > 0"
        " OR strpos(phone_e164, %(search_digits)s) > 0)))"
    ),
}


class PostgresOrderQueries:
    def __init__(self, db: PostgresDatabase) -> None:
        self._db = db

    async def list_orders(self, query: OrderQuery) -> Page[OrderListRow]:
        where, params = _where(query)
        paging = {"limit": query.paging.limit, "offset": query.paging.offset}
        async with self._db.snapshot() as conn:
            cur = await conn.execute(COUNT.format(where=where), params)
            total = (await cur.fetchone() or {"total": 0})["total"]
            cur = await conn.execute(SELECT_PAGE.format(where=where), {**params, **paging})
            items = [_list_row(row) for row in await cur.fetchall()]
        return Page(items=items, total=total, page=query.paging.page, limit=query.paging.limit)


def _where(query: OrderQuery) -> tuple[sql.Composable, dict[str, Any]]:
    names, params = order_filters(query)
    if not names:
        return sql.SQL("TRUE"), params
    return sql.SQL(" AND ").join(sql.SQL(FILTERS[name]) for name in names), params


def _list_row(row: Row) -> OrderListRow:
    return list_row_from_values({**row, "created_at": row["created_at"].astimezone(UTC)})
