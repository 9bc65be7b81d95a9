"""Dashboard contract (OrderQueries.dashboard): memory, SQLite and Postgres compute the same figures.

The SQL backends read running totals kept by triggers; these cases reach them through every write
path: add, add_many, and save (status changes, cancellation).
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from beautique.application.order_views import DashboardFigures
from beautique.domain.order import Order
from beautique.domain.order_id import business_day
from beautique.domain.order_status import DeliveryStatus, OrderStatus, PaymentStatus
from tests.builders import line, make_order

KARACHI = ZoneInfo("Asia/Karachi")
FIRST_DAY, LAST_DAY = date(2026, 10, 24), date(2026, 11, 22)  # the 30 days ending "today"
PRODUCTS = {f"P{n}": UUID(int=n) for n in range(1, 8)}
V, D, C = PaymentStatus.VERIFIED, OrderStatus.DELIVERED, OrderStatus.CANCELLED


def karachi(text: str) -> datetime:
    """A Karachi wall-clock time (`2026-11-21 23:59`) as the UTC instant it is."""
    return datetime.fromisoformat(text).replace(tzinfo=KARACHI).astimezone(UTC)


def placed(number: int, local: str, *lines: tuple[str, int, str], name: str = "") -> Order:
    """An order placed at a Karachi time, dated by the store's business day."""
    at = karachi(local)
    items = tuple(
        line(price, quantity, product_id=PRODUCTS[pid], name=name or f"Product {pid}")
        for pid, quantity, price in lines
    )
    return make_order(number, day=business_day(at, KARACHI), at=at, lines=items)


def moved(placed_order: Order, **statuses: Any) -> Order:
    later = placed_order.created_at + timedelta(hours=1)
    return placed_order.change_status(**statuses, by="sana", now=later)


def known_shop() -> dict[str, Order]:
    """Eight orders around the edges: business-day boundaries at 23:59/00:01 Karachi, the first
    day of the window and the day before it, cancelled orders, a renamed product."""
    return {
        "a": moved(
            placed(1, "2026-11-21 23:59", ("P1", 2, "4950")),
            payment=V,
            order=OrderStatus.PROCESSING,
        ),
        "b": moved(
            placed(1, "2026-11-22 00:01", ("P2", 1, "3000"), ("P1", 1, "4950"), name="Renamed"),
            payment=V,
            order=D,
        ),
        "c": placed(2, "2026-11-22 09:00", ("P3", 5, "100")),
        "d": moved(
            placed(1, "2026-11-20 12:00", ("P4", 1, "20000")),
            payment=PaymentStatus.PAID,
            order=OrderStatus.READY,
            delivery=DeliveryStatus.OUT_FOR_DELIVERY,
        ),
        "e": moved(moved(placed(1, "2026-11-19 12:00", ("P1", 10, "4950")), payment=V), order=C),
        "f": moved(placed(1, "2026-11-18 12:00", ("P5", 3, "10")), order=C),
        "g": moved(placed(1, "2026-10-23 23:59", ("P5", 1, "1000")), payment=V),
        "h": placed(1, "2026-10-24 00:01", ("P6", 1, "1500"), ("P7", 1, "50")),
    }


def assert_known_figures(figures: DashboardFigures, shop: dict[str, Order]) -> None:
    assert figures.total_orders == 8
    assert figures.total_revenue == Decimal("18850")  # a + b + g: Verified and not Cancelled
    assert figures.revenue_orders == 3
    assert figures.average_order_value == Decimal("6283.33")
    assert figures.pending_payments == 2  # c and h; f is Pending but Cancelled
    assert figures.orders_ready == 1
    assert [(s.value, n) for s, n in figures.counts.order.items()] == [
        ("Received", 3), ("Processing", 1), ("Ready", 1), ("Delivered", 1), ("Cancelled", 2),
    ]  # fmt: skip
    assert [(s.value, n) for s, n in figures.counts.payment.items()] == [
        ("Pending", 3), ("Paid", 1), ("Verified", 4),
    ]  # fmt: skip
    assert [(s.value, n) for s, n in figures.counts.delivery.items()] == [
        ("Not Started", 6), ("In Progress", 0), ("Out for Delivery", 1), ("Delivered", 1),
    ]  # fmt: skip
    days = figures.revenue_by_day
    assert len(days) == 30 and (days[0].day, days[-1].day) == (FIRST_DAY, LAST_DAY)
    assert [d.day for d in days] == [FIRST_DAY + timedelta(days=n) for n in range(30)]
    busy = {d.day.isoformat(): (d.orders, d.revenue) for d in days if d.orders}
    assert busy == {
        "2026-10-24": (1, 0),  # h, 00:01 on the window's first day; g (23:59 the day before) is out
        "2026-11-18": (1, 0),
        "2026-11-19": (1, 0),
        "2026-11-20": (1, 0),
        "2026-11-21": (1, Decimal("9900")),  # a at 23:59
        "2026-11-22": (2, Decimal("7950")),  # b at 00:01 and c; only b is revenue
    }
    assert [(t.product_id.int, t.name, t.quantity, t.revenue) for t in figures.top_products] == [
        (3, "Product P3", 5, Decimal("500")),
        (1, "Renamed", 3, Decimal("14850")),  # e is cancelled; b holds the latest name
        (4, "Product P4", 1, Decimal("20000")),
        (2, "Renamed", 1, Decimal("3000")),
        (6, "Product P6", 1, Decimal("1500")),
    ]
    assert [row.id for row in figures.recent_orders] == [shop[k].id for k in "cbade"]


async def test_dashboard_of_a_known_shop(storage: Any) -> None:
    shop = known_shop()
    for order in shop.values():
        await storage.orders.add_many([order])
    assert_known_figures(await storage.order_queries.dashboard(FIRST_DAY, LAST_DAY), shop)


async def test_dashboard_after_a_bulk_insert(storage: Any) -> None:
    shop = known_shop()
    await storage.orders.add_many(list(shop.values()))
    assert_known_figures(await storage.order_queries.dashboard(FIRST_DAY, LAST_DAY), shop)


async def test_dashboard_follows_status_changes_and_cancellations(storage: Any) -> None:
    """Every order starts new; the saves that move them there must move the figures too."""
    shop = known_shop()
    for order in shop.values():
        fresh = dataclasses.replace(
            order,
            payment_status=PaymentStatus.PENDING,
            order_status=OrderStatus.RECEIVED,
            delivery_status=DeliveryStatus.NOT_STARTED,
            history=(),
        )
        await storage.orders.add_many([fresh])
    for order in shop.values():
        if order.history:
            assert await storage.orders.save(order) is True
    assert_known_figures(await storage.order_queries.dashboard(FIRST_DAY, LAST_DAY), shop)


async def test_dashboard_of_an_empty_shop(storage: Any) -> None:
    figures = await storage.order_queries.dashboard(FIRST_DAY, LAST_DAY)
    assert (figures.total_orders, figures.total_revenue, figures.average_order_value) == (0, 0, 0)
    assert figures.counts.order == {status: 0 for status in OrderStatus}
    assert [(d.orders, d.revenue) for d in figures.revenue_by_day] == [(0, 0)] * 30
    assert figures.top_products == () and figures.recent_orders == ()


async def test_a_product_only_in_cancelled_orders_is_no_best_seller(storage: Any) -> None:
    await storage.orders.add_many([moved(placed(1, "2026-11-22 09:00", ("P1", 4, "10")), order=C)])
    figures = await storage.order_queries.dashboard(FIRST_DAY, LAST_DAY)
    assert figures.top_products == ()
    assert figures.counts.order[OrderStatus.CANCELLED] == 1
