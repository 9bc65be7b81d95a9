"""Export contract (OrderQueries.export_batch): keyset batches, newest first, with items."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from beautique.application.order_views import ExportItem, ExportRow
from beautique.application.queries import OrderQuery, PageRequest
from beautique.domain.catalog import Size
from beautique.domain.order import Order
from beautique.domain.order_status import OrderStatus, PaymentStatus
from tests.builders import T0, customer, line, make_order
from tests.contract.test_order_queries import seed_four


async def read_all(storage: Any, query: OrderQuery, size: int) -> list[list[ExportRow]]:
    batches: list[list[ExportRow]] = []
    after = None
    while True:
        batch = await storage.order_queries.export_batch(query, after, size)
        assert len(batch) <= size
        if batch:
            batches.append(batch)
        if len(batch) < size:
            return batches
        after = batch[-1].position


def rich_export_order() -> Order:
    order = make_order(
        9,
        lines=(
            line("4950.50", 2, name="Silk Maxi - Red"),
            line("100", 1, name="=Gift; wrap", size=Size.XXL, color="Bottle Green", image=None),
        ),
        customer=customer(email=None, notes="Ring twice\nthen wait"),
    ).change_status(payment=PaymentStatus.PAID, order=OrderStatus.PROCESSING, by="sana", now=T0)
    return order.with_tracking(
        estimated_delivery=date(2026, 11, 25), tracking_notes="TCS 123", now=T0
    )


async def test_an_export_row_carries_every_column_and_the_items_in_order(storage: Any) -> None:
    order = rich_export_order()
    await storage.orders.add_many([order])
    [row] = await storage.order_queries.export_batch(OrderQuery(), None, 10)
    assert row == ExportRow(
        id=order.id,
        order_id="BQ-20261121-009",
        order_date=date(2026, 11, 21),
        customer_name="Ayesha Khan",
        phone="0300 1234567",
        whatsapp="+92 300 1234567",
        email=None,
        city="Islamabad",
        country="Pakistan",
        address="House 12, Street 4, F-7/2",
        items=(
            ExportItem("Silk Maxi - Red", "M", "Red", 2),
            ExportItem("=Gift; wrap", "XXL", "Bottle Green", 1),
        ),
        total_amount=Decimal("10001.00"),
        payment_method=order.payment_method,
        payment_status=PaymentStatus.PAID,
        order_status=OrderStatus.PROCESSING,
        delivery_status=order.delivery_status,
        estimated_delivery=date(2026, 11, 25),
        tracking_notes="TCS 123",
        notes="Ring twice\nthen wait",
        created_at=order.created_at,
    )


async def test_batches_walk_every_order_newest_first_across_equal_instants(storage: Any) -> None:
    # Seven orders share one instant: only their ids order them, across batch boundaries too.
    orders = [make_order(n, at=T0 + timedelta(seconds=min(n, 5) * 10)) for n in range(1, 12)]
    for order in orders:
        await storage.orders.add_many([order])
    batches = await read_all(storage, OrderQuery(paging=PageRequest(1, 2)), size=3)
    assert [len(batch) for batch in batches] == [3, 3, 3, 2]  # the list's paging is ignored
    expected = sorted(orders, key=lambda o: (o.created_at, o.id), reverse=True)
    assert [row.id for batch in batches for row in batch] == [o.id for o in expected]
    assert all(len(row.items) == 1 for batch in batches for row in batch)


async def test_an_exact_multiple_of_the_batch_size_ends_with_an_empty_batch(storage: Any) -> None:
    for n in range(1, 5):
        await storage.orders.add_many([make_order(n, at=T0 + timedelta(minutes=n))])
    first = await storage.order_queries.export_batch(OrderQuery(), None, 2)
    second = await storage.order_queries.export_batch(OrderQuery(), first[-1].position, 2)
    assert await storage.order_queries.export_batch(OrderQuery(), second[-1].position, 2) == []
    assert [r.order_id[-3:] for r in first + second] == ["004", "003", "002", "001"]


async def test_batches_apply_the_list_filters(storage: Any) -> None:
    orders = await seed_four(storage)
    names = {order.id: name for name, order in orders.items()}

    async def exported(**filters: Any) -> list[str]:
        batches = await read_all(storage, OrderQuery(**filters), size=1)
        return [names[row.id] for batch in batches for row in batch]

    assert await exported() == ["sara", "zoe", "bilal", "ayesha"]
    assert await exported(payment_status=PaymentStatus.PENDING) == ["zoe", "ayesha"]
    assert await exported(search="0300 1234567") == ["ayesha"]
    assert await exported(start_date=date(2026, 11, 21), end_date=date(2026, 11, 21)) == [
        "zoe",
        "bilal",
    ]
    assert await exported(order_status=OrderStatus.DELIVERED, search="zzz") == []


async def test_after_an_unknown_position_continues_from_that_instant(storage: Any) -> None:
    for n in range(1, 4):
        await storage.orders.add_many([make_order(n, at=T0 + timedelta(minutes=n))])
    after = (T0 + timedelta(minutes=2), UUID(int=0))  # nothing sorts below id 0 at that instant
    batch = await storage.order_queries.export_batch(OrderQuery(), after, 10)
    assert [row.order_id[-3:] for row in batch] == ["001"]
