"""Read-side contract (OrderQueries): memory, SQLite and Postgres compute the same read models."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID

import pytest

from beautique.application.queries import OrderQuery, PageRequest
from beautique.domain.order import Order
from beautique.domain.order_status import DeliveryStatus, OrderStatus, PaymentMethod, PaymentStatus
from tests.builders import T0, customer, expected_list_row, make_order


async def seed_four(storage: Any) -> dict[str, Order]:
    """Four orders over three days with different customers, methods and statuses."""
    ayesha = make_order(1, day=date(2026, 11, 20), at=T0 - timedelta(days=1))
    bilal = make_order(
        2,
        at=T0,
        customer=customer(name="Bilal Ahmed", phone="+44 7911 123456", phone_e164="+447911123456"),
        payment_method=PaymentMethod.MEEZAN_BANK,
    ).change_status(payment=PaymentStatus.PAID, by="sana", now=T0)
    zoe = make_order(
        3,
        at=T0 + timedelta(minutes=5),
        customer=customer(name="Zoë Ährens", phone="0321-7654321", phone_e164="+923217654321"),
        payment_method=PaymentMethod.INTERNATIONAL_BANK,
    ).change_status(order=OrderStatus.CANCELLED, by="sana", now=T0)
    sara = make_order(
        1,
        day=date(2026, 11, 22),
        at=T0 + timedelta(days=1),
        customer=customer(name="Sara Ali", phone="0333 9876543", phone_e164="+923339876543"),
    ).change_status(payment=PaymentStatus.VERIFIED, order=OrderStatus.DELIVERED, by=None, now=T0)
    orders = {"ayesha": ayesha, "bilal": bilal, "zoe": zoe, "sara": sara}
    for order in orders.values():
        await storage.orders.add_many([order])
    return orders


async def found(storage: Any, orders: dict[str, Order], **filters: Any) -> list[str]:
    names = {order.id: name for name, order in orders.items()}
    page = await storage.order_queries.list_orders(OrderQuery(**filters))
    assert page.total == len(page.items)  # one page holds all of these small results
    return [names[order.id] for order in page.items]


async def test_list_without_filters_lists_newest_first_as_list_rows(storage: Any) -> None:
    orders = await seed_four(storage)
    page = await storage.order_queries.list_orders(OrderQuery())
    assert page.total == 4 and (page.page, page.limit) == (1, 20)
    assert [o.id for o in page.items] == [orders[n].id for n in ("sara", "zoe", "bilal", "ayesha")]
    assert page.items[2] == expected_list_row(
        orders["bilal"]
    )  # every list field, and no order lines


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"payment_status": PaymentStatus("Pending")}, ["zoe", "ayesha"]),
        ({"payment_status": PaymentStatus("Paid")}, ["bilal"]),
        ({"order_status": OrderStatus("Cancelled")}, ["zoe"]),
        ({"order_status": OrderStatus("Received")}, ["bilal", "ayesha"]),
        ({"delivery_status": DeliveryStatus("Delivered")}, ["sara"]),
        ({"delivery_status": DeliveryStatus("Not Started")}, ["zoe", "bilal", "ayesha"]),
        ({"payment_method": PaymentMethod("Meezan Bank")}, ["bilal"]),
        ({"payment_method": PaymentMethod("Easypaisa")}, ["sara", "ayesha"]),
        ({"start_date": date(2026, 11, 21)}, ["sara", "zoe", "bilal"]),
        ({"end_date": date(2026, 11, 21)}, ["zoe", "bilal", "ayesha"]),
        ({"start_date": date(2026, 11, 21), "end_date": date(2026, 11, 21)}, ["zoe", "bilal"]),
        ({"start_date": date(2026, 11, 23)}, []),
        (
            {
                "payment_status": PaymentStatus("Pending"),
                "payment_method": PaymentMethod("Easypaisa"),
            },
            ["ayesha"],
        ),
        ({"search": "bq-20261121"}, ["zoe", "bilal"]),
        ({"search": "1121-003"}, ["zoe"]),
        ({"search": "BQ-20261122-001"}, ["sara"]),
        ({"search": "khan"}, ["ayesha"]),
        ({"search": "AHMED"}, ["bilal"]),
        ({"search": "ZOË ähr"}, ["zoe"]),
        ({"search": "300 123"}, ["ayesha"]),  # digits of the phone as typed
        ({"search": "0300-1234567"}, ["ayesha"]),
        ({"search": "447911"}, ["bilal"]),
        ({"search": "92321765"}, ["zoe"]),  # digits of the E.164 form
        ({"search": "  "}, ["sara", "zoe", "bilal", "ayesha"]),
        ({"search": "%"}, []),  # literal, not a wildcard
        ({"search": "Khan 0300"}, []),
        ({"search": "a", "payment_status": PaymentStatus("Verified")}, ["sara"]),
    ],
)
async def test_list_filters(storage: Any, filters: dict[str, Any], expected: list[str]) -> None:
    orders = await seed_four(storage)
    assert await found(storage, orders, **filters) == expected


async def test_list_pages_newest_first_and_breaks_ties_by_id(storage: Any) -> None:
    # Sixteen orders share one instant, so only the id orders them; they are inserted in
    # ascending id order so that storage order alone would give the wrong answer.
    orders = [make_order(n, at=T0 + timedelta(seconds=min(n, 10))) for n in range(1, 26)]
    for order in sorted(orders, key=lambda o: (o.created_at, o.id)):
        await storage.orders.add_many([order])
    expected = [o.id for o in sorted(orders, key=lambda o: (o.created_at, o.id), reverse=True)]
    seen: list[UUID] = []
    for number in (1, 2, 3):
        page = await storage.order_queries.list_orders(OrderQuery(paging=PageRequest(number, 10)))
        assert (page.total, page.page, page.limit) == (25, number, 10)
        seen += [o.id for o in page.items]
    assert seen == expected
    past_end = await storage.order_queries.list_orders(OrderQuery(paging=PageRequest(4, 10)))
    assert list(past_end.items) == []
    assert past_end.total == 25 and past_end.total_pages == 3


async def test_list_total_counts_every_match_not_just_the_page(storage: Any) -> None:
    for n in range(1, 8):
        await storage.orders.add_many([make_order(n, at=T0 + timedelta(seconds=n))])
    page = await storage.order_queries.list_orders(
        OrderQuery(search="BQ-2026", paging=PageRequest(2, 3))
    )
    assert page.total == 7
    assert [o.order_id[-3:] for o in page.items] == ["004", "003", "002"]
