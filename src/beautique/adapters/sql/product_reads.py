"""The catalogue search, shared by both SQL adapters: its statements (psycopg placeholders, rewritten
for SQLite by `placeholders.for_sqlite`) and which filters a query uses with their values. Each
adapter keeps the fragments that differ (SQLite stores paisa and JSON lists, PostgreSQL numeric and
text[]) and turns the values into what it stores.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from beautique.application.queries import ProductQuery

TIE_BREAK = "created_at DESC, id DESC"
COUNT_MATCHING = "SELECT count(*) AS n FROM products WHERE {where}"
SELECT_PAGE = (
    "SELECT {columns} FROM products WHERE {where} ORDER BY {order} "
    "LIMIT %(limit)s OFFSET %(offset)s"
)
# The fragments, joined with AND, of the filters both backends test alike; keyed by filter name.
COLUMN_FILTERS = {
    "category": "category = %(category)s",
    "is_active": "is_active = %(is_active)s",
    "is_bestseller": "is_bestseller = %(is_bestseller)s",
}


def product_filters(
    query: ProductQuery, stored: Mapping[str, Callable[[Any], Any]]
) -> tuple[list[str], dict[str, Any]]:
    """The names of the filters a query uses and their bound values, each passed through the
    adapter's `stored` conversion for that name if it has one. Names: category, is_active,
    is_bestseller, min_price, max_price, size, color (lower case) and search (as typed)."""
    values = {
        "category": None if query.category is None else query.category.value,
        "is_active": query.is_active,
        "is_bestseller": query.is_bestseller,
        "min_price": query.min_price,
        "max_price": query.max_price,
        "size": None if query.size is None else query.size.value,
        "color": None if query.color is None else query.color.lower(),
        "search": query.search,
    }
    params = {
        name: stored[name](value) if name in stored else value
        for name, value in values.items()
        if value is not None
    }
    return list(params), params


def where_clause(
    query: ProductQuery, fragments: Mapping[str, str], stored: Mapping[str, Callable[[Any], Any]]
) -> tuple[str, dict[str, Any]]:
    """The WHERE clause (built from the adapter's constant fragments only) and its bound values."""
    names, params = product_filters(query, stored)
    return " AND ".join(fragments[name] for name in names) or "TRUE", params
