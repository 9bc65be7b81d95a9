"""SQLite catalogue storage, versioned by triggers (001_catalog). Rows: product_rows.py; the
catalogue's pages: product_search.py."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection
from typing import Any
from uuid import UUID

from beautique.application.errors import StaleWrite
from beautique.application.queries import Page, ProductQuery
from beautique.domain.catalog import Category
from beautique.domain.product import Product

from .database import SqliteDatabase
from .errors import duplicate_is_conflict
from .product_rows import COLUMNS, product_from_row, to_row
from .product_search import page_reader

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


class SqliteProductRepository:
    """The catalogue in one SQLite table; every call is one transaction in a worker thread."""

    def __init__(self, db: SqliteDatabase) -> None:
        self._db = db

    async def add(self, product: Product) -> None:
        row = to_row(product)
        with duplicate_is_conflict(f"Product {product.id} already exists"):
            await self._db.write(lambda conn: conn.execute(INSERT_PRODUCT, row))

    async def get(self, product_id: UUID) -> Product | None:
        def work(conn: sqlite3.Connection) -> Product | None:
            row = conn.execute(SELECT_PRODUCT, (str(product_id),)).fetchone()
            return None if row is None else product_from_row(row)

        return await self._db.read(work)

    async def get_many(self, product_ids: Collection[UUID]) -> dict[UUID, Product]:
        if not product_ids:
            return {}
        return await self._db.read(lambda conn: products_in(conn, product_ids))

    async def update(self, product: Product) -> bool:
        row = to_row(product)
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
        return await self._db.read(page_reader(query))

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


def products_in(conn: sqlite3.Connection, product_ids: Collection[UUID]) -> dict[UUID, Product]:
    """The products with these ids that exist, by id (inside the caller's transaction)."""
    ids = json.dumps([str(pid) for pid in product_ids])
    products = map(product_from_row, conn.execute(SELECT_PRODUCTS_IN, (ids,)))
    return {p.id: p for p in products}
