"""Migration 007 and the catalogue search's query shapes on SQLite: a page that misses the read
cache reads index entries, never sorting every match (docs/performance.md, "Cache misses").

SQLite keeps no statistics here (nothing runs ANALYZE), so its plans depend only on the indexes
and the statements, and are checked as they are: the statements the adapter sends are captured
with their values and explained.
"""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from typing import Any

import pytest

from beautique.adapters.sqlite import product_search as sqlite_search
from beautique.application.queries import ProductQuery, ProductSort
from beautique.domain.catalog import Category
from tests.builders import make_product


async def plans(storage: Any, query: ProductQuery) -> list[str]:
    """Each statement the search ran, with its plan flattened to one line."""
    sent: list[str] = []

    def trace(conn: sqlite3.Connection) -> None:
        conn.set_trace_callback(sent.append)

    def untrace(conn: sqlite3.Connection) -> None:
        conn.set_trace_callback(None)

    await storage.db.read(trace)
    try:
        await storage.products.search(query)
    finally:
        await storage.db.read(untrace)
    statements = [s for s in sent if s.lstrip().startswith("SELECT")]

    def explain(conn: sqlite3.Connection) -> list[str]:
        return [
            " | ".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
            for sql in statements
        ]

    explained: list[str] = await storage.db.read(explain)
    return explained


@pytest.mark.parametrize("backend", ["sqlite"])
async def test_a_cache_miss_reads_index_entries_and_sorts_nothing(
    storage: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_search, "WALK_MIN_MATCHES", 10)  # 500 in earnest
    for n in range(30):
        await storage.products.add(make_product(f"product {n}", regular=str(1000 + n)))
    many = Decimal("1000")  # all 30 products: the page is the newest-first walk
    count, page = await plans(storage, ProductQuery(min_price=many))
    # (SQLite reports an index holding a generated column as not covering; the count is read
    # from the index entries all the same.)
    assert (
        count == "SEARCH products USING INDEX products_by_price (is_active=? AND effective_paisa>?)"
    )
    assert page == "SEARCH products USING INDEX products_newest (is_active=?)"
    few = Decimal("1028")  # two products: sorting them beats walking past the others
    _, page = await plans(storage, ProductQuery(min_price=few))
    assert "products_by_price" in page
    for sort, index in ((ProductSort.PRICE_ASC, "asc"), (ProductSort.PRICE_DESC, "desc")):
        _, page = await plans(storage, ProductQuery(min_price=many, sort=sort))
        assert page.startswith(f"SEARCH products USING INDEX products_price_{index}")
        assert "TEMP B-TREE" not in page
    count, page = await plans(storage, ProductQuery(min_price=many, category=Category.MAXI))
    assert count == "SEARCH products USING INDEX products_by_category (category=? AND is_active=?)"
    assert page.startswith("SEARCH products USING INDEX products_by_category")
    assert "TEMP B-TREE" not in page
    [count] = await plans(storage, ProductQuery(min_price=Decimal("5000")))  # no match: no page
