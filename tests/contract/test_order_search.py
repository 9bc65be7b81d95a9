"""The admin search is a literal substring search on every backend, whichever index serves it.

SQLite narrows with an FTS5 trigram index whose query language has operators, quotes and
wildcards; PostgreSQL uses LIKE patterns over pg_trgm. Neither may leak into what the admin typed.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from beautique.application.queries import OrderQuery, PageRequest
from tests.builders import T0, customer, make_order

NAMES = {
    "quote": 'Zoë "Zee" Ährens',
    "brackets": "Ali (Khan) Raza",
    "operators": "NOT Khan* OR AND",
    "percent": "Sana 100% Malik_",
    "plain": "Ayesha Khan",
    "caret": "^Hina Butt",
}


async def seed(storage: Any) -> None:
    for number, name in enumerate(NAMES.values(), start=1):
        phone = f"0300 {number:07d}"
        e164 = f"+92300{number:07d}"
        order = make_order(number, customer=customer(name=name, phone=phone, phone_e164=e164))
        await storage.orders.add_many([order])


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ('"zee"', ["quote"]),
        ('zoë "zee', ["quote"]),
        ("(khan)", ["brackets"]),
        ("khan", ["brackets", "operators", "plain"]),
        ("not khan", ["operators"]),
        ("khan*", ["operators"]),
        ("khan* or", ["operators"]),
        ("kha*", []),
        ("or and", ["operators"]),
        ("100%", ["percent"]),
        ("100", ["percent"]),
        ("lik_", ["percent"]),
        ("malik_", ["percent"]),
        ("^hina", ["caret"]),
        ("hina", ["caret"]),
        ("NEAR(khan)", []),
        ("khan ayesha", []),
        ("0000005", ["plain"]),  # a phone: leading zeros dropped, matched on E.164 digits
        ("+92 300 0000006", ["caret"]),
        ("BQ-20261121-00", list(NAMES)),
        ("ö", []),
        ("ë", ["quote"]),
    ],
)
async def test_literal_substrings_only(storage: Any, search: str, expected: list[str]) -> None:
    await seed(storage)
    page = await storage.order_queries.list_orders(OrderQuery(search=search))
    by_name = {name: key for key, name in NAMES.items()}
    assert sorted(by_name[row.customer_name] for row in page.items) == sorted(expected)
    assert page.total == len(expected)


async def test_a_search_matching_many_orders_pages_newest_first(storage: Any) -> None:
    """Enough matches for SQLite to walk the newest-first index instead of sorting candidates."""
    orders = [
        make_order(
            n,
            at=T0 + timedelta(seconds=n // 2),  # pairs share an instant: ids break the tie
            customer=customer(name="Ayesha Khan" if n % 3 else "Bilal Ahmed"),
        )
        for n in range(1, 1201)
    ]
    await storage.orders.add_many(orders)
    khans = sorted(
        (o for o in orders if o.customer.name == "Ayesha Khan"),
        key=lambda o: (o.created_at, o.id),
        reverse=True,
    )
    page = await storage.order_queries.list_orders(
        OrderQuery(search="khan", paging=PageRequest(3, 50))
    )
    assert page.total == len(khans) == 800
    assert [row.id for row in page.items] == [o.id for o in khans[100:150]]
