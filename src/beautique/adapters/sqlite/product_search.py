"""One page of the catalogue on SQLite and its exact total: the WHERE clause a query builds, and
the plan chosen from the count (SQLite keeps no statistics to choose by)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

from beautique.adapters.sql import product_reads as reads
from beautique.adapters.sql.placeholders import for_sqlite
from beautique.application.queries import Page, ProductQuery, ProductSort
from beautique.domain.product import Product

from .product_rows import COLUMNS, product_from_row

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


def page_reader(query: ProductQuery) -> Callable[[sqlite3.Connection], Page[Product]]:
    """The unit of work that reads `query`'s page and total in one transaction."""
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
        items = [product_from_row(row) for row in rows]
        return Page(items=items, total=total, page=paging.page, limit=paging.limit)

    return work


def _paisa_bound(amount: Decimal, rounding: str) -> int:
    """A price filter in paisa: a minimum rounds up and a maximum down, so 10.005 stays exact."""
    clamped = min(max(amount.scaleb(2), -_PAISA_BOUND), _PAISA_BOUND)
    return int(clamped.to_integral_value(rounding=rounding))
