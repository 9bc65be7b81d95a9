"""A real store seen from outside the server under test: prepared before it starts, read after.

Shared by the suites that run real server processes (the checkout race, the fault suites, the
body-memory test): they migrate and stock the store the way `beautique serve` would find it,
and count what was stored once the servers are gone.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from beautique.application.queries import OrderQuery, PageRequest
from beautique.container import build_storage
from beautique.domain.product import Product
from tests.builders import order_item, order_payload, orderable_product
from tests.conftest import make_settings


@asynccontextmanager
async def storage_of(database_url: str) -> AsyncIterator[Any]:
    store = build_storage(make_settings(DATABASE_URL=database_url))
    await store.open()
    try:
        yield store
    finally:
        await store.close()


async def prepare(database_url: str) -> Product:
    """Migrate as `beautique serve` would, and put one product in the catalogue."""
    async with storage_of(database_url) as store:
        await store.migrate()
        product = orderable_product()
        await store.products.add(product)
        return product


async def stored_order_ids(database_url: str, most: int = 2000) -> list[str]:
    """Every stored order's id (up to `most`, which the caller's orders must not exceed)."""
    async with storage_of(database_url) as store:
        page = await store.order_queries.list_orders(OrderQuery(paging=PageRequest(limit=most)))
        assert page.total == len(page.items), f"more than {most} orders stored"
        return [row.order_id for row in page.items]


def order_body(product: Product, buyer: int) -> dict[str, Any]:
    """A valid checkout body for one of `product`, from a customer numbered `buyer`."""
    return order_payload(order_item(product), customer_name=f"Customer {buyer:03d}")
