"""Migration 005 on a shop that already has orders: the running totals and the search index are
built from the existing orders, so the dashboard and the search are right from the first request.

The database is put back in its pre-005 state (005's objects dropped, its ledger row removed), the
orders are written, and `migrate()` applies 005 on top of them, as it will on the live shop.
"""

from __future__ import annotations

from typing import Any

import pytest

from beautique.application.queries import OrderQuery
from tests.builders import make_order
from tests.contract.test_order_dashboard import (
    FIRST_DAY,
    LAST_DAY,
    assert_known_figures,
    known_shop,
)

SQLITE_UNDO = [
    "DROP TABLE order_totals",
    "DROP TABLE product_totals",
    "DROP TABLE orders_text",
    *(
        f"DROP TRIGGER {name}"
        for name in (
            "order_totals_on_insert", "order_totals_on_status", "product_totals_on_cancel",
            "product_totals_on_line", "orders_text_on_insert", "orders_text_on_change",
            "orders_text_on_delete",
        )
    ),
    *(f"DROP INDEX orders_{kind}_newest" for kind in ("payment", "status", "delivery")),
    "CREATE INDEX orders_order_date ON orders (order_date)",
    "DELETE FROM schema_migrations WHERE version = 5",
]  # fmt: skip
POSTGRES_UNDO = [
    "DROP TABLE order_totals, product_totals",
    "DROP TRIGGER order_totals_on_insert ON orders",
    "DROP TRIGGER order_totals_on_update ON orders",
    "DROP TRIGGER product_totals_on_insert ON order_lines",
    "DROP FUNCTION order_totals_on_insert(), order_totals_on_update(), product_totals_on_insert()",
    *(f"DROP INDEX orders_{kind}_newest" for kind in ("payment", "status", "delivery")),
    *(f"DROP INDEX orders_{column}_trgm" for column in ("order_id", "name", "phone")),
    "CREATE INDEX orders_order_date ON orders (order_date)",
    "DELETE FROM schema_migrations WHERE version = 5",
]


async def undo_005(storage: Any, backend: str) -> None:
    if backend == "sqlite":

        def work(conn: Any) -> None:
            for statement in SQLITE_UNDO:
                conn.execute(statement)

        await storage.db.write(work)
        return
    async with storage.db.connection() as conn:
        for statement in POSTGRES_UNDO:
            await conn.execute(statement)


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
async def test_005_builds_totals_and_search_from_existing_orders(
    storage: Any, backend: str
) -> None:
    await undo_005(storage, backend)
    shop = known_shop()
    try:
        for order in shop.values():
            await storage.orders.add_many([order])
    finally:  # whatever happens, leave the run's shared database migrated
        assert await storage.migrate() == ["005_admin_orders.sql"]
    assert_known_figures(await storage.order_queries.dashboard(FIRST_DAY, LAST_DAY), shop)
    found = await storage.order_queries.list_orders(OrderQuery(search="ayesha khan"))
    assert found.total == len(shop)
    by_phone = await storage.order_queries.list_orders(OrderQuery(search="0300-1234567"))
    assert by_phone.total == len(shop)
    await storage.orders.add_many([make_order(99, day=LAST_DAY)])  # the triggers run from now on
    assert (await storage.order_queries.dashboard(FIRST_DAY, LAST_DAY)).total_orders == 9
