"""Bulk writes, blocks of order numbers and the stale-copy check behind concurrent admin edits."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from typing import Any

import pytest

from beautique.application.errors import Conflict
from beautique.application.queries import OrderQuery
from beautique.domain.order_status import OrderStatus, PaymentStatus
from tests.builders import DAY, T0, line, make_order


async def test_add_many_stores_every_order_with_lines_and_history(storage: Any) -> None:
    orders = [
        make_order(n, at=T0 + timedelta(seconds=n), lines=(line(), line("10", 3))).change_status(
            payment=PaymentStatus.PAID, by="sana", now=T0 + timedelta(hours=n)
        )
        for n in range(1, 31)
    ]
    await storage.orders.add_many(orders)
    for order in (orders[0], orders[17], orders[-1]):
        assert await storage.orders.get(order.id) == order
    page = await storage.order_queries.list_orders(OrderQuery(payment_status=PaymentStatus.PAID))
    assert page.total == 30


async def test_add_many_is_all_or_nothing(storage: Any) -> None:
    taken = make_order(5)
    await storage.orders.add_many([taken])
    batch = [make_order(n) for n in range(1, 8)]  # number 5 is taken
    with pytest.raises(Conflict):
        await storage.orders.add_many(batch)
    assert (await storage.order_queries.list_orders(OrderQuery())).total == 1
    assert await storage.orders.get(batch[0].id) is None


async def test_a_reserved_block_is_skipped_by_later_numbers(storage: Any) -> None:
    seq = storage.orders
    assert await seq.reserve_numbers(DAY, 1000) == 1
    assert await seq.reserve_numbers(DAY, 1) == 1001
    assert await seq.reserve_numbers(DAY, 5) == 1002
    assert await seq.reserve_numbers(DAY, 1) == 1007
    assert await seq.reserve_numbers(DAY + timedelta(days=1), 3) == 1


async def test_concurrent_blocks_never_overlap(storage: Any) -> None:
    day = date(2026, 1, 1)
    firsts = await asyncio.gather(*(storage.orders.reserve_numbers(day, 10) for _ in range(8)))
    assert sorted(firsts) == [1 + 10 * n for n in range(8)]


async def test_a_save_after_someone_else_changed_only_the_notes_is_refused(storage: Any) -> None:
    """Two admins read the order; one only edits the tracking notes (no history entry). The
    other's status change, built on the copy read before, must not write the old notes back."""
    order = make_order()
    await storage.orders.add_many([order])
    notes = order.with_tracking(
        estimated_delivery=None, tracking_notes="TCS", now=T0 + timedelta(1)
    )
    assert await storage.orders.save(notes, unchanged_since=order.updated_at) is True
    paid = order.change_status(payment=PaymentStatus.PAID, by="omar", now=T0 + timedelta(2))
    with pytest.raises(Conflict):
        await storage.orders.save(paid, unchanged_since=order.updated_at)
    reread = await storage.orders.get(order.id)
    assert reread == notes
    again = reread.change_status(payment=PaymentStatus.PAID, by="omar", now=T0 + timedelta(2))
    assert await storage.orders.save(again, unchanged_since=reread.updated_at) is True
    final = await storage.orders.get(order.id)
    assert (final.tracking_notes, final.payment_status) == ("TCS", "Paid")


async def test_save_of_an_unknown_order_with_unchanged_since_is_false(storage: Any) -> None:
    assert await storage.orders.save(make_order(), unchanged_since=T0) is False


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
async def test_two_saves_built_on_one_copy_at_once_one_wins(storage: Any) -> None:
    """Real concurrency on the databases: whatever the interleaving, exactly one lands."""
    order = make_order()
    await storage.orders.add_many([order])
    cancel = order.change_status(order=OrderStatus.CANCELLED, by="sana", now=T0 + timedelta(1))
    ready = order.change_status(order=OrderStatus.READY, by="omar", now=T0 + timedelta(1))
    outcomes = await asyncio.gather(
        storage.orders.save(cancel, unchanged_since=order.updated_at),
        storage.orders.save(ready, unchanged_since=order.updated_at),
        return_exceptions=True,
    )
    assert sorted(type(o).__name__ for o in outcomes) == ["Conflict", "bool"]
    stored = await storage.orders.get(order.id)
    assert stored in (cancel, ready) and len(stored.history) == 1
