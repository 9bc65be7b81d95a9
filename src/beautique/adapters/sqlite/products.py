"""SQLite catalogue storage: exact paisa prices, JSON lists, versioned by triggers (001_catalog)."""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Callable, Collection, Sequence
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any
from uuid import UUID

import msgspec

from beautique.adapters.sql import product_reads as reads
from beautique.adapters.sql.placeholders import for_sqlite
from beautique.adapters.sql.product_rows import product_from_columns, product_values
from beautique.application.errors import StaleWrite
from beautique.application.queries import Page, ProductQuery, ProductSort
from beautique.domain.catalog import Category
from beautique.domain.product import Product

from .database import SqliteDatabase
from .errors import duplicate_is_conflict
from .values import from_paisa, from_text, to_paisa, to_text

COLUMNS = (
    "id, name, category, description, regular_paisa, sale_paisa, images, sizes, colors, "
    "is_bestseller, is_active, created_at, updated_at, version"
)
INSERT_PRODUCT = f"""
INSERT INTO products ({COLUMNS})
VALUES (:id, :name, :category, :description, :regular_paisa, :sale_paisa, :images, :sizes,
        :colors, :is_bestseller, :is_active, :created_at, :updated_at, :version)
"""
# Compare-and-set: stored only over the revision the change was made from. created_at never
# changes after the product is added.
UPDATE_PRODUCT = """
UPDATE products SET name = :name, category = :category, description = :description,
    regular_paisa = :regular_paisa, sale_paisa = :sale_paisa, images = :images, sizes = :sizes,
    colors = :colors, is_bestseller = :is_bestseller, is_active = :is_active,
    updated_at = :updated_at, version = :version
WHERE id = :id AND version = :version - 1
"""
DELETE_PRODUCT = "DELETE FROM products WHERE id = :id AND (:version IS NULL OR version = :version)"
EXISTS = "SELECT 1 FROM products WHERE id = ?"
# One product's images per row of json_each: which of the given URLs some product still lists.
IMAGES_IN_USE = """
SELECT DISTINCT i.value AS url FROM products, json_each(products.images) AS i
WHERE i.value IN (SELECT value FROM json_each(:urls))
"""
SELECT_PRODUCT = f"SELECT {COLUMNS} FROM products WHERE id = ?"
SELECT_PRODUCTS_IN = f"SELECT {COLUMNS} FROM products WHERE id IN (SELECT value FROM json_each(?))"
COUNT_ACTIVE_BY_CATEGORY = (
    "SELECT category, count(*) AS n FROM products WHERE is_active = 1 GROUP BY category"
)
COUNT_ALL = "SELECT count(*) FROM products"
CURRENT_VERSION = "SELECT coalesce((SELECT value FROM catalog_version WHERE id = 1), 0)"

# Search fragments, joined with AND. instr() on lowered text is a literal substring test, so
# `%` and `_` in the search text need no escaping.
FILTERS = {
    **{name: for_sqlite(fragment) for name, fragment in reads.COLUMN_FILTERS.items()},
    "min_price": "effective_paisa >= :min_price",
    "max_price": "effective_paisa <= :max_price",
    "size": "EXISTS (SELECT 1 FROM json_each(products.sizes) AS s WHERE s.value = :size)",
    "color": (
        "EXISTS (SELECT 1 FROM json_each(products.colors) AS c "
        "WHERE unicode_lower(c.value) = :color)"
    ),
    "search": (
        "(instr(unicode_lower(name), :search) > 0 "
        "OR instr(unicode_lower(description), :search) > 0)"
    ),
}
# How SQLite binds each filter's value (the others bind as they are): flags as 0/1, a minimum price
# rounded up and a maximum down to whole paisa, the search lowered as the stored text is.
STORED: dict[str, Callable[[Any], Any]] = {
    "is_active": int,
    "is_bestseller": int,
    "min_price": lambda amount: _paisa_bound(amount, ROUND_CEILING),
    "max_price": lambda amount: _paisa_bound(amount, ROUND_FLOOR),
    "search": str.lower,
}
ORDER_BY = {
    ProductSort.NEWEST: reads.TIE_BREAK,
    ProductSort.PRICE_ASC: f"effective_paisa ASC, {reads.TIE_BREAK}",
    ProductSort.PRICE_DESC: f"effective_paisa DESC, {reads.TIE_BREAK}",
    ProductSort.NAME: f"unicode_lower(name) ASC, {reads.TIE_BREAK}",
}
SELECT_PAGE = for_sqlite(reads.SELECT_PAGE)
# SQLite keeps no statistics (unless ANALYZE is run), so given a price bound it always takes the
# price index: it counts the bound's matches on that index, then looks up each one's category and
# sorts every match newest first. Two shapes of the same WHERE say better (`+` keeps a bound off
# the price index; 007 put the price into the newest-first and category indexes, so the bound is
# still tested on index entries, not rows):
# - with a category, the category's entries are counted and walked newest first;
# - newest first with many matches (the count, read first, tells), the newest-first index is
#   walked until the page is full; few matches are cheaper to sort than to walk past the others.
WALK_FILTERS = {
    **FILTERS,
    "min_price": "+effective_paisa >= :min_price",
    "max_price": "+effective_paisa <= :max_price",
}
WALK_MIN_MATCHES = 500

# Price filters beyond any stored price are clamped, so SQLite never sees an oversized integer.
_PAISA_BOUND = Decimal(2**62)


class SqliteProductRepository:
    """The catalogue in one SQLite table; every call is one transaction in a worker thread."""

    def __init__(self, db: SqliteDatabase) -> None:
        self._db = db

    async def add(self, product: Product) -> None:
        row = _to_row(product)
        with duplicate_is_conflict(f"Product {product.id} already exists"):
            await self._db.write(lambda conn: conn.execute(INSERT_PRODUCT, row))

    async def get(self, product_id: UUID) -> Product | None:
        def work(conn: sqlite3.Connection) -> Product | None:
            row = conn.execute(SELECT_PRODUCT, (str(product_id),)).fetchone()
            return None if row is None else _product_from_row(row)

        return await self._db.read(work)

    async def get_many(self, product_ids: Collection[UUID]) -> dict[UUID, Product]:
        if not product_ids:
            return {}
        return await self._db.read(lambda conn: products_in(conn, product_ids))

    async def update(self, product: Product) -> bool:
        row = _to_row(product)
        return await self._db.write(lambda conn: _changed(conn, UPDATE_PRODUCT, row))

    async def delete(self, product_id: UUID, *, version: int | None = None) -> bool:
        key = {"id": str(product_id), "version": version}
        return await self._db.write(lambda conn: _changed(conn, DELETE_PRODUCT, key))

    async def image_urls_in_use(self, urls: Collection[str]) -> set[str]:
        if not urls:
            return set()
        key = {"urls": json.dumps(list(urls))}
        rows = await self._db.read(lambda conn: conn.execute(IMAGES_IN_USE, key).fetchall())
        return {row["url"] for row in rows}

    async def search(self, query: ProductQuery) -> Page[Product]:
        where, params = reads.where_clause(query, FILTERS, STORED)
        walk_where = where
        if "min_price" in params or "max_price" in params:
            walk_where, _ = reads.where_clause(query, WALK_FILTERS, STORED)
        in_category = "category" in params
        paging = query.paging
        count_sql = reads.COUNT_MATCHING.format(where=walk_where if in_category else where)
        order = ORDER_BY[query.sort]
        page_sql = SELECT_PAGE.format(columns=COLUMNS, where=where, order=order)
        walk_sql = SELECT_PAGE.format(columns=COLUMNS, where=walk_where, order=order)
        newest = query.sort is ProductSort.NEWEST
        page_params = {**params, "limit": paging.limit, "offset": paging.offset}

        def work(conn: sqlite3.Connection) -> Page[Product]:
            total = conn.execute(count_sql, params).fetchone()[0]
            if paging.offset >= total:  # nothing on this page: no page to look for
                return Page(items=[], total=total, page=paging.page, limit=paging.limit)
            walk = newest and (in_category or total >= WALK_MIN_MATCHES)
            rows = conn.execute(walk_sql if walk else page_sql, page_params)
            items = [_product_from_row(row) for row in rows]
            return Page(items=items, total=total, page=paging.page, limit=paging.limit)

        return await self._db.read(work)

    async def count_active_by_category(self) -> dict[Category, int]:
        rows = await self._db.read(lambda conn: conn.execute(COUNT_ACTIVE_BY_CATEGORY).fetchall())
        counts = dict.fromkeys(Category, 0)
        counts.update({Category(row["category"]): row["n"] for row in rows})
        return counts

    async def count_all(self) -> int:
        count: int = await self._db.read(lambda conn: conn.execute(COUNT_ALL).fetchone()[0])
        return count


class SqliteCatalogVersion:
    """Reads the version the products table's triggers bump on every write, from any process."""

    def __init__(self, db: SqliteDatabase) -> None:
        self._db = db

    async def current(self) -> int:
        value: int = await self._db.read(lambda conn: conn.execute(CURRENT_VERSION).fetchone()[0])
        return value


def _changed(conn: sqlite3.Connection, sql: str, params: dict[str, Any]) -> bool:
    """True when the row changed, False when there is none; StaleWrite when it is another revision."""
    if conn.execute(sql, params).rowcount == 1:
        return True
    if conn.execute(EXISTS, (params["id"],)).fetchone() is None:
        return False
    raise StaleWrite(f"Product {params['id']} was changed meanwhile; reload and retry")


def _to_row(product: Product) -> dict[str, Any]:
    values = product_values(product)
    sale = product.sale_price
    return {
        **values,
        "id": str(product.id),
        "regular_paisa": to_paisa(product.regular_price),
        "sale_paisa": None if sale is None else to_paisa(sale),
        "images": json.dumps(values["images"]),
        "sizes": json.dumps(values["sizes"]),
        "colors": json.dumps(values["colors"]),
        "is_bestseller": int(product.is_bestseller),
        "is_active": int(product.is_active),
        "created_at": to_text(product.created_at),
        "updated_at": to_text(product.updated_at),
    }


def products_in(conn: sqlite3.Connection, product_ids: Collection[UUID]) -> dict[UUID, Product]:
    """The products with these ids that exist, by id (inside the caller's transaction)."""
    ids = json.dumps([str(pid) for pid in product_ids])
    products = map(_product_from_row, conn.execute(SELECT_PRODUCTS_IN, (ids,)))
    return {p.id: p for p in products}


def _product_from_row(row: Sequence[Any]) -> Product:
    """A product from a row of `COLUMNS`, positionally (a catalogue page converts 20 of them on
    every cache miss, so no mapping is built on the way)."""
    (pid, name, category, description, regular, sale, images, sizes, colors, is_bestseller,
     is_active, created_at, updated_at, version) = row  # fmt: skip
    return product_from_columns(
        UUID(pid),
        name,
        category,
        description,
        from_paisa(regular),
        None if sale is None else from_paisa(sale),
        _TEXTS.decode(images),
        _text_list(sizes),
        _text_list(colors),
        is_bestseller,
        is_active,
        from_text(created_at),
        from_text(updated_at),
        version,
    )


# JSON lists of text; size and colour lists repeat across products, so they are decoded once.
_TEXTS = msgspec.json.Decoder(tuple[str, ...])
_text_list = functools.lru_cache(maxsize=512)(_TEXTS.decode)


def _paisa_bound(amount: Decimal, rounding: str) -> int:
    """A price filter in paisa: a minimum rounds up and a maximum down, so 10.005 stays exact."""
    clamped = min(max(amount.scaleb(2), -_PAISA_BOUND), _PAISA_BOUND)
    return int(clamped.to_integral_value(rounding=rounding))
