"""Postgres catalogue storage: numeric(12,2) prices, text[] lists, versioned by a trigger."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from psycopg.rows import tuple_row

from beautique.adapters.sql import product_reads as reads
from beautique.adapters.sql.product_rows import (
    COLUMN_NAMES,
    product_from_columns,
    product_values,
)
from beautique.application.errors import StaleWrite
from beautique.application.queries import Page, ProductQuery, ProductSort
from beautique.domain.catalog import Category
from beautique.domain.product import Product

from .database import AsyncConn, PostgresDatabase, Row
from .errors import duplicate_is_conflict
from .values import escape_like

COLUMNS = (
    "id, name, category, description, regular_price, sale_price, images, sizes, colors, "
    "is_bestseller, is_active, created_at, updated_at, version"
)
INSERT_PRODUCT = f"""
INSERT INTO products ({COLUMNS})
VALUES (%(id)s, %(name)s, %(category)s, %(description)s, %(regular_price)s, %(sale_price)s,
        %(images)s::text[], %(sizes)s::text[], %(colors)s::text[], %(is_bestseller)s,
        %(is_active)s, %(created_at)s, %(updated_at)s, %(version)s)
"""
# Compare-and-set: stored only over the revision the change was made from. created_at never
# changes after the product is added.
UPDATE_PRODUCT = """
UPDATE products SET name = %(name)s, category = %(category)s, description = %(description)s,
    regular_price = %(regular_price)s, sale_price = %(sale_price)s, images = %(images)s::text[],
    sizes = %(sizes)s::text[], colors = %(colors)s::text[], is_bestseller = %(is_bestseller)s,
    is_active = %(is_active)s, updated_at = %(updated_at)s, version = %(version)s
WHERE id = %(id)s AND version = %(version)s - 1
"""
DELETE_PRODUCT = (
    "DELETE FROM products WHERE id = %(id)s "
    "AND (%(version)s::integer IS NULL OR version = %(version)s::integer)"
)
EXISTS = "SELECT 1 FROM products WHERE id = %(id)s"
IMAGES_IN_USE = (
    "SELECT DISTINCT url FROM products, unnest(images) AS i(url) WHERE url = ANY(%(urls)s::text[])"
)
SELECT_PRODUCT = f"SELECT {COLUMNS} FROM products WHERE id = %s"
SELECT_PRODUCTS_IN = f"SELECT {COLUMNS} FROM products WHERE id = ANY(%s::uuid[])"
COUNT_ACTIVE_BY_CATEGORY = (
    "SELECT category, count(*) AS n FROM products WHERE is_active GROUP BY category"
)
COUNT_ALL = "SELECT count(*) AS n FROM products"
CURRENT_VERSION = "SELECT coalesce((SELECT value FROM catalog_version WHERE id = 1), 0) AS value"
# Search fragments, joined with AND. The search pattern has `\`, `%` and `_` escaped.
FILTERS = {
    **reads.COLUMN_FILTERS,
    "min_price": "effective_price >= %(min_price)s",
    "max_price": "effective_price <= %(max_price)s",
    "size": "%(size)s = ANY(sizes)",
    "color": "EXISTS (SELECT 1 FROM unnest(colors) AS c(color) WHERE lower(c.color) = %(color)s)",
    "search": "(name ILIKE %(search)s ESCAPE '\\' OR description ILIKE %(search)s ESCAPE '\\')",
}
SELECT_PAGE_COUNTED = (
    "SELECT {columns}, (SELECT count(*) FROM products WHERE {where}) AS total "
    "FROM products WHERE {where} ORDER BY {order} LIMIT %(limit)s OFFSET %(offset)s"
)
# How PostgreSQL binds each filter's value (the others bind as they are).
STORED: dict[str, Callable[[Any], Any]] = {"search": lambda text: f"%{escape_like(text)}%"}
ORDER_BY = {
    ProductSort.NEWEST: reads.TIE_BREAK,
    ProductSort.PRICE_ASC: f"effective_price ASC, {reads.TIE_BREAK}",
    ProductSort.PRICE_DESC: f"effective_price DESC, {reads.TIE_BREAK}",
    # Code-point order whatever the database's collation, as the other backends sort.
    ProductSort.NAME: f'lower(name) COLLATE "C" ASC, {reads.TIE_BREAK}',
}


class PostgresProductRepository:
    """The catalogue in one Postgres table; every call is one pooled transaction."""

    def __init__(self, db: PostgresDatabase) -> None:
        self._db = db

    async def add(self, product: Product) -> None:
        with duplicate_is_conflict(f"Product {product.id} already exists"):
            async with self._db.connection() as conn:
                await conn.execute(INSERT_PRODUCT, _to_row(product))

    async def get(self, product_id: UUID) -> Product | None:
        async with self._db.connection() as conn:
            cur = await conn.execute(SELECT_PRODUCT, (product_id,))
            row = await cur.fetchone()
        return None if row is None else _product_from_row(row)

    async def get_many(self, product_ids: Collection[UUID]) -> dict[UUID, Product]:
        if not product_ids:
            return {}
        async with self._db.connection() as conn:
            return await products_in(conn, product_ids)

    async def update(self, product: Product) -> bool:
        async with self._db.connection() as conn:
            return await _changed(conn, UPDATE_PRODUCT, _to_row(product))

    async def delete(self, product_id: UUID, *, version: int | None = None) -> bool:
        async with self._db.connection() as conn:
            return await _changed(conn, DELETE_PRODUCT, {"id": product_id, "version": version})

    async def image_urls_in_use(self, urls: Collection[str]) -> set[str]:
        if not urls:
            return set()
        async with self._db.connection() as conn:
            cur = await conn.execute(IMAGES_IN_USE, {"urls": list(urls)})
            return {row["url"] for row in await cur.fetchall()}

    async def search(self, query: ProductQuery) -> Page[Product]:
        where, params = reads.where_clause(query, FILTERS, STORED)
        paging = query.paging
        # The page and its total in one statement (one snapshot, one round trip); the total is
        # the last column of every row. A page with no rows (past the end, or no match) carries
        # no total, so only then is it counted on its own.
        page_sql = SELECT_PAGE_COUNTED.format(
            columns=COLUMNS, where=where, order=ORDER_BY[query.sort]
        )
        async with self._db.connection() as conn:
            async with conn.cursor(row_factory=tuple_row) as cur:
                await cur.execute(
                    page_sql, {**params, "limit": paging.limit, "offset": paging.offset}
                )
                rows = await cur.fetchall()
            if rows:
                total = rows[0][-1]
            else:
                total = await _scalar(conn, reads.COUNT_MATCHING.format(where=where), params)
        items = [_product_from_columns(row) for row in rows]
        return Page(items=items, total=total, page=paging.page, limit=paging.limit)

    async def count_active_by_category(self) -> dict[Category, int]:
        async with self._db.connection() as conn:
            cur = await conn.execute(COUNT_ACTIVE_BY_CATEGORY)
            rows = await cur.fetchall()
        counts = dict.fromkeys(Category, 0)
        counts.update({Category(row["category"]): row["n"] for row in rows})
        return counts

    async def count_all(self) -> int:
        async with self._db.connection() as conn:
            return await _scalar(conn, COUNT_ALL, {})


class PostgresCatalogVersion:
    """Reads the version the products table's trigger bumps on every write, from any process."""

    def __init__(self, db: PostgresDatabase) -> None:
        self._db = db

    async def current(self) -> int:
        async with self._db.connection() as conn:
            cur = await conn.execute(CURRENT_VERSION)
            row = await cur.fetchone()
        return int(row["value"]) if row is not None else 0


async def _changed(conn: AsyncConn, sql: str, params: dict[str, Any]) -> bool:
    """True when the row changed, False when there is none; StaleWrite when it is another revision."""
    if (await conn.execute(sql, params)).rowcount == 1:
        return True
    if await (await conn.execute(EXISTS, params)).fetchone() is None:
        return False
    raise StaleWrite(f"Product {params['id']} was changed meanwhile; reload and retry")


async def _scalar(conn: AsyncConn, sql: str, params: dict[str, Any]) -> int:
    cur = await conn.execute(sql, params)
    row = await cur.fetchone()
    return int(row["n"]) if row is not None else 0


def _to_row(product: Product) -> dict[str, Any]:
    return product_values(product)


async def products_in(conn: AsyncConn, product_ids: Collection[UUID]) -> dict[UUID, Product]:
    """The products with these ids that exist, by id (inside the caller's transaction)."""
    cur = await conn.execute(SELECT_PRODUCTS_IN, (list(product_ids),))
    return {p.id: p for p in map(_product_from_row, await cur.fetchall())}


def _product_from_row(row: Row) -> Product:
    return _product_from_columns([row[name] for name in COLUMN_NAMES])


def _product_from_columns(row: Sequence[Any]) -> Product:
    """A product from a row of `COLUMNS`, positionally (a catalogue page converts 20 of them on
    every cache miss, so no mapping is built on the way)."""
    (pid, name, category, description, regular, sale, images, sizes, colors, is_bestseller,
     is_active, created_at, updated_at, version) = row[:14]  # fmt: skip
    return product_from_columns(
        pid, name, category, description, regular, sale, images, sizes, colors, is_bestseller,
        is_active, _utc(created_at), _utc(updated_at), version,
    )  # fmt: skip


def _utc(moment: datetime) -> datetime:
    """timestamptz arrives in the session's time zone; the domain keeps UTC."""
    return moment if moment.tzinfo is UTC else moment.astimezone(UTC)
