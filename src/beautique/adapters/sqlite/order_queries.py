"""SQLite read side of the admin order screens: read models computed in SQL.

Each read is one read transaction; in WAL mode that is one snapshot, so a page's total and its
rows, or all of a dashboard's figures, describe the same moment.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from datetime import date
from typing import Any
from uuid import UUID

from beautique.adapters.sql import order_dashboard as dash
from beautique.adapters.sql import order_reads as reads
from beautique.adapters.sql.order_rows import export_row_from_values, list_row_from_values
from beautique.adapters.sql.placeholders import for_sqlite
from beautique.application.order_views import (
    DashboardFigures,
    ExportItem,
    ExportPosition,
    ExportRow,
    OrderListRow,
)
from beautique.application.queries import OrderQuery, Page

from .database import SqliteDatabase
from .values import IN_IDS, from_paisa, from_text, to_text

SELECT_PAGE = for_sqlite(reads.SELECT_PAGE)
# A search matching many orders (a common surname) finds a page sooner by walking the newest-first
# index and testing each order against the candidates than by sorting every candidate.
WALK_NEWEST = SELECT_PAGE.replace("FROM orders", "FROM orders INDEXED BY orders_newest")
WALK_NEWEST_FROM = 500
SELECT_BATCH = for_sqlite(reads.SELECT_BATCH)
AFTER = for_sqlite(reads.AFTER)
SELECT_ITEMS = for_sqlite(reads.SELECT_ITEMS).format(in_ids=IN_IDS)
_TEXT = "instr(order_id, :search_upper) > 0 OR instr(customer_name_folded, :search_folded) > 0"
_PHONE = f"{_TEXT} OR instr(phone_e164, :search_digits) > 0"
# The trigram index narrows the candidates (it finds terms of 3+ characters); instr() decides.
_CANDIDATES = "rowid IN (SELECT rowid FROM orders_text WHERE orders_text MATCH :search_match)"
MIN_TRIGRAM = 3
FILTERS = {
    **{name: for_sqlite(fragment) for name, fragment in reads.COLUMN_FILTERS.items()},
    "search": f"({_TEXT})",
    "search_phone": f"({_PHONE})",
    "search_indexed": f"{_CANDIDATES} AND ({_TEXT})",
    "search_phone_indexed": f"{_CANDIDATES} AND ({_PHONE})",
}
# The terms each search binds, and the column each term is matched against.
SEARCH_TERMS: dict[str, tuple[str, ...]] = {
    "search": ("search_upper", "search_folded"),
    "search_phone": ("search_upper", "search_folded", "search_digits"),
}
MATCHED = {
    "search_upper": "order_id",
    "search_folded": "customer_name_folded",
    "search_digits": "phone_e164",
}


class SqliteOrderQueries:
    """Each read is one read transaction, so its figures agree with each other."""

    def __init__(self, db: SqliteDatabase) -> None:
        self._db = db

    async def list_orders(self, query: OrderQuery) -> Page[OrderListRow]:
        names, params = _filters(query)
        where = _where(names)
        counted = _count(names)
        indexed = bool({"search_indexed", "search_phone_indexed"} & set(names))
        paging = {"limit": query.paging.limit, "offset": query.paging.offset}

        def work(conn: sqlite3.Connection) -> tuple[list[OrderListRow], int]:
            total = conn.execute(counted, params).fetchone()[0]
            if paging["offset"] >= total:  # nothing to show: spare the page query
                return [], total
            page = SELECT_PAGE if total < WALK_NEWEST_FROM or not indexed else WALK_NEWEST
            rows = conn.execute(page.format(where=where), {**params, **paging})
            return [_list_row(row) for row in rows], total

        items, total = await self._db.read(work)
        return Page(items=items, total=total, page=query.paging.page, limit=query.paging.limit)

    async def export_batch(
        self, query: OrderQuery, after: ExportPosition | None, size: int
    ) -> list[ExportRow]:
        names, params = _filters(query)
        where = _where(names)
        if after is not None:
            where = f"{where} AND {AFTER}"
            params.update(after_at=to_text(after[0]), after_id=str(after[1]))
        sql = SELECT_BATCH.format(where=where)

        def work(conn: sqlite3.Connection) -> list[ExportRow]:
            rows = conn.execute(sql, {**params, "size": size}).fetchall()
            items: dict[str, list[ExportItem]] = defaultdict(list)
            ids = json.dumps([row["id"] for row in rows])
            for line in conn.execute(SELECT_ITEMS, {"ids": ids}) if rows else ():
                items[line["order_uuid"]].append(
                    ExportItem(line["name"], line["size"], line["color"], line["quantity"])
                )
            return [_export_row(row, items[row["id"]]) for row in rows]

        return await self._db.read(work)

    async def dashboard(self, first_day: date, last_day: date) -> DashboardFigures:
        window = {"first_day": first_day.isoformat(), "last_day": last_day.isoformat()}
        recent_sql = SELECT_PAGE.format(where="1 = 1")
        recent = {"limit": dash.RECENT_LIMIT, "offset": 0}

        def work(conn: sqlite3.Connection) -> DashboardFigures:
            return dash.dashboard_figures(
                summary=conn.execute(dash.SUMMARY).fetchone(),
                by_status=conn.execute(dash.BY_STATUS).fetchall(),
                days=[
                    {**row, "day": date.fromisoformat(row["day"])}
                    for row in map(dict, conn.execute(for_sqlite(dash.BY_DAY), window))
                ],
                top=[
                    {**row, "product_id": UUID(row["product_id"])}
                    for row in map(dict, conn.execute(dash.TOP_PRODUCTS))
                ],
                recent=[_list_row(row) for row in conn.execute(recent_sql, recent)],
                window=(first_day, last_day),
                money=from_paisa,
            )

        return await self._db.read(work)


def _filters(query: OrderQuery) -> tuple[list[str], dict[str, Any]]:
    names, params = reads.order_filters(query)
    for bound in ("start_date", "end_date"):  # dates are ISO text in SQLite
        if bound in params:
            params[bound] = params[bound].isoformat()
    for bound in ("created_from", "created_before"):  # instants are fixed-width UTC text
        if bound in params:
            params[bound] = to_text(params[bound])
    for name, terms in SEARCH_TERMS.items():
        if name in names and all(len(params[term]) >= MIN_TRIGRAM for term in terms):
            names[names.index(name)] = f"{name}_indexed"
            params["search_match"] = _match({MATCHED[t]: params[t] for t in terms})
    return names, params


def _match(terms: dict[str, str]) -> str:
    """An FTS5 query: each term as a literal phrase in its own column, any of them."""
    quoted = {column: '"' + term.replace('"', '""') + '"' for column, term in terms.items()}
    return " OR ".join(f"{{{column}}} : {phrase}" for column, phrase in quoted.items())


def _count(names: list[str]) -> str:
    statement, counted = reads.count_statement(names)
    return statement.format(where=_where(counted))


def _where(names: list[str]) -> str:
    return " AND ".join(FILTERS[name] for name in names) or "1 = 1"


def _list_row(row: sqlite3.Row) -> OrderListRow:
    stored_types = {
        "id": UUID(row["id"]),
        "total_amount": from_paisa(row["total_amount"]),
        "order_date": date.fromisoformat(row["order_date"]),
        "created_at": from_text(row["created_at"]),
    }
    return list_row_from_values({**dict(row), **stored_types})


def _export_row(row: sqlite3.Row, items: list[ExportItem]) -> ExportRow:
    estimated = row["estimated_delivery"]
    stored_types = {
        "id": UUID(row["id"]),
        "total_amount": from_paisa(row["total_amount"]),
        "order_date": date.fromisoformat(row["order_date"]),
        "estimated_delivery": date.fromisoformat(estimated) if estimated else None,
        "created_at": from_text(row["created_at"]),
    }
    return export_row_from_values({**dict(row), **stored_types}, items)
