"""PostgreSQL read side of the admin order screens: read models computed in SQL.

Every read runs in one REPEATABLE READ, READ ONLY transaction (a snapshot), so a page's total
and its rows, or a dashboard's figures, describe the same moment. An export batch is its own
short transaction: a long download never holds one of the pool's few connections between batches.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date
from decimal import Decimal
from typing import Any
from uuid import UUID

from psycopg import sql

from beautique.adapters.sql import order_dashboard as dash
from beautique.adapters.sql import order_reads as reads
from beautique.adapters.sql.order_rows import export_row_from_values, list_row_from_values
from beautique.application.order_views import (
    DashboardFigures,
    ExportItem,
    ExportPosition,
    ExportRow,
    OrderListRow,
)
from beautique.application.queries import OrderQuery, Page

from .database import AsyncConn, PostgresDatabase, Row
from .values import IN_IDS, escape_like

SELECT_PAGE = sql.SQL(reads.SELECT_PAGE)
SELECT_BATCH = sql.SQL(reads.SELECT_BATCH)
SELECT_ITEMS = reads.SELECT_ITEMS.format(in_ids=IN_IDS)
# LIKE with escaped patterns rather than strpos(): the pg_trgm indexes of migration 005 serve it.
_TEXT = (
    "order_id LIKE %(search_upper)s ESCAPE '\\' "
    "OR customer_name_folded LIKE %(search_folded)s ESCAPE '\\'"
)
FILTERS = {
    **reads.COLUMN_FILTERS,
    "search": f"({_TEXT})",
    "search_phone": f"({_TEXT} OR phone_e164 LIKE %(search_digits)s)",
}


class PostgresOrderQueries:
    def __init__(self, db: PostgresDatabase) -> None:
        self._db = db

    async def list_orders(self, query: OrderQuery) -> Page[OrderListRow]:
        names, params = _filters(query)
        where = _where(names)
        counted = _count(names)
        paging = {"limit": query.paging.limit, "offset": query.paging.offset}
        items: list[OrderListRow] = []
        async with self._db.snapshot() as conn:
            cur = await conn.execute(counted, params)
            total = int((await cur.fetchone() or {"total": 0})["total"])
            if paging["offset"] < total:  # else nothing to show: spare the page query
                cur = await conn.execute(SELECT_PAGE.format(where=where), {**params, **paging})
                items = [_list_row(row) for row in await cur.fetchall()]
        return Page(items=items, total=total, page=query.paging.page, limit=query.paging.limit)

    async def export_batch(
        self, query: OrderQuery, after: ExportPosition | None, size: int
    ) -> list[ExportRow]:
        names, params = _filters(query)
        where = _where(names)
        if after is not None:
            where = sql.SQL(" AND ").join([where, sql.SQL(reads.AFTER)])
            params.update(after_at=after[0], after_id=after[1])
        async with self._db.snapshot() as conn:
            cur = await conn.execute(SELECT_BATCH.format(where=where), {**params, "size": size})
            rows = await cur.fetchall()
            items: dict[UUID, list[ExportItem]] = defaultdict(list)
            if rows:
                cur = await conn.execute(SELECT_ITEMS, {"ids": [row["id"] for row in rows]})
                for line in await cur.fetchall():
                    items[line["order_uuid"]].append(
                        ExportItem(line["name"], line["size"], line["color"], line["quantity"])
                    )
        return [_export_row(row, items[row["id"]]) for row in rows]

    async def dashboard(self, first_day: date, last_day: date) -> DashboardFigures:
        async with self._db.snapshot() as conn:
            window = {"first_day": first_day, "last_day": last_day}
            recent = {"limit": dash.RECENT_LIMIT, "offset": 0}
            return dash.dashboard_figures(
                summary=(await _all(conn, dash.SUMMARY))[0],
                by_status=await _all(conn, dash.BY_STATUS),
                days=await _all(conn, dash.BY_DAY, window),
                top=await _all(conn, dash.TOP_PRODUCTS),
                recent=[
                    _list_row(row)
                    for row in await _all(conn, SELECT_PAGE.format(where=sql.SQL("TRUE")), recent)
                ],
                window=(first_day, last_day),
                money=Decimal,
            )


async def _all(conn: AsyncConn, query: Any, params: dict[str, Any] | None = None) -> list[Row]:
    cur = await conn.execute(query, params)
    return await cur.fetchall()


def _filters(query: OrderQuery) -> tuple[list[str], dict[str, Any]]:
    names, params = reads.order_filters(query)
    for name in ("search_upper", "search_folded", "search_digits"):
        if name in params:
            params[name] = f"%{escape_like(params[name])}%"
    return names, params


def _count(names: list[str]) -> sql.Composed:
    statement, counted = reads.count_statement(names)
    return sql.SQL(statement).format(where=_where(counted))


def _where(names: list[str]) -> sql.Composable:
    if not names:
        return sql.SQL("TRUE")
    return sql.SQL(" AND ").join(sql.SQL(FILTERS[name]) for name in names)


def _list_row(row: Row) -> OrderListRow:
    return list_row_from_values({**row, "created_at": row["created_at"].astimezone(UTC)})


def _export_row(row: Row, items: list[ExportItem]) -> ExportRow:
    return export_row_from_values({**row, "created_at": row["created_at"].astimezone(UTC)}, items)
