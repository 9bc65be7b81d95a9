"""The running totals under concurrent writes: checkouts with lines in any product order, status
changes crossing each other's totals rows, cancellations and a bulk insert, all at once. No writer
may deadlock or fail, and the totals must equal the figures computed from the orders themselves."""

from __future__ import annotations

import asyncio
import random
from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest

from beautique.adapters.memory.order_dashboard import dashboard_of
from beautique.application.queries import OrderQuery, PageRequest
from beautique.domain.order import Order
from beautique.domain.order_status import OrderStatus, PaymentMethod, PaymentStatus
from tests.builders import DAY, T0, line, make_order

PRODUCTS = [UUID(int=n) for n in range(1, 5)]


def order_with(number: int, rng: random.Random) -> Order:
    products = rng.sample(PRODUCTS, rng.randint(1, 4))  # lines in any product order
    return make_order(
        number,
        at=T0 + timedelta(seconds=number),
        lines=tuple(
            line("100", rng.randint(1, 3), product_id=p, name=f"P{p.int}") for p in products
        ),
        payment_method=rng.choice(list(PaymentMethod)),
    )


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
async def test_concurrent_writes_keep_the_totals_exact(storage: Any) -> None:
    rng = random.Random(7)
    existing = [order_with(n, rng) for n in range(1, 41)]
    await storage.orders.add_many(existing)
    paid = [o.change_status(payment=PaymentStatus.PAID, by="a", now=T0) for o in existing[:20]]
    for order in paid[:10]:  # half of them Paid already: the moves below cross in both directions
        await storage.orders.save(order)
    moves = [
        *(o.change_status(order=OrderStatus.CANCELLED, by="b", now=T0) for o in paid[:10]),
        *paid[10:],
        *(o.change_status(order=OrderStatus.CANCELLED, by="c", now=T0) for o in existing[20:30]),
        *(o.change_status(payment=PaymentStatus.VERIFIED, by="d", now=T0) for o in existing[30:]),
    ]
    new = [order_with(n, rng) for n in range(41, 81)]
    bulk = [order_with(n, rng) for n in range(81, 121)]
    writes = [
        *(storage.orders.save(order) for order in moves),
        *(storage.orders.add_many([order]) for order in new),
        storage.orders.add_many(bulk),
    ]
    rng.shuffle(writes)
    outcomes = await asyncio.gather(*writes, return_exceptions=True)
    assert [o for o in outcomes if isinstance(o, BaseException)] == []
    page = await storage.order_queries.list_orders(OrderQuery(paging=PageRequest(1, 50)))
    assert page.total == 120
    everything = [await storage.orders.get(o.id) for o in [*existing, *new, *bulk]]
    everything.sort(key=lambda o: (o.created_at, o.id), reverse=True)
    expected = dashboard_of(everything, DAY - timedelta(days=29), DAY, page.items[:5])
    assert await storage.order_queries.dashboard(DAY - timedelta(days=29), DAY) == expected
