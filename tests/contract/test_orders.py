"""Order storage contract: memory, SQLite and Postgres adapters behave the same."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import uuid4

import pytest

from beautique.application.errors import Conflict
from beautique.application.queries import OrderQuery
from beautique.domain.catalog import Size
from beautique.domain.order import Order, StatusChange
from beautique.domain.order_id import OrderId
from beautique.domain.order_status import DeliveryStatus, OrderStatus, PaymentMethod, PaymentStatus
from tests.builders import T0, customer, line, make_order


def rich_order() -> Order:
    """Every field set, several lines (one without image), a history with and without `by`."""
    order = make_order(
        7,
        lines=(
            line("4950.50", 2),
            line("1234567.89", 1, size=Size.XXL, color="Bottle Green", image=None),
            line("0.00", 10, name="Gift wrap — free"),
        ),
        payment_method=PaymentMethod.MEEZAN_BANK,
    )
    order = order.change_status(payment=PaymentStatus.PAID, by=None, now=T0 + timedelta(hours=1))
    order = order.change_status(
        order=OrderStatus.PROCESSING,
        delivery=DeliveryStatus.IN_PROGRESS,
        by="admin",
        now=T0 + timedelta(hours=2, microseconds=7),
    )
    return order.with_tracking(
        estimated_delivery=date(2026, 11, 25),
        tracking_notes="Handed to TCS",
        now=T0 + timedelta(hours=3),
    )


# --- add / get ---------------------------------------------------------------------------


async def test_add_then_get_round_trips_every_field(storage: Any) -> None:
    order = rich_order()
    await storage.orders.add_many([order])
    for loaded in (
        await storage.orders.get(order.id),
        await storage.orders.get_by_order_id(order.order_id),
    ):
        assert loaded == order
        assert [str(x.unit_price) for x in loaded.lines] == ["4950.50", "1234567.89", "0.00"]
        assert loaded.total_amount == Decimal("1244468.89")
        assert loaded.created_at.utcoffset() == timedelta(0)
        assert loaded.updated_at == T0 + timedelta(hours=3)
        assert [(c.field, c.from_, c.to, c.by) for c in loaded.history] == [
            ("payment_status", "Pending", "Paid", None),
            ("order_status", "Received", "Processing", "admin"),
            ("delivery_status", "Not Started", "In Progress", "admin"),
        ]
        assert loaded.history[1].at == T0 + timedelta(hours=2, microseconds=7)


async def test_optional_fields_round_trip_as_none(storage: Any) -> None:
    order = make_order(customer=customer(email=None, notes=None))
    await storage.orders.add_many([order])
    loaded = await storage.orders.get(order.id)
    assert loaded == order
    assert loaded.customer.email is None and loaded.estimated_delivery is None
    assert loaded.history == () and loaded.tracking_notes is None


async def test_get_by_order_id_ignores_case_and_unknowns_are_none(storage: Any) -> None:
    order = make_order(12)
    await storage.orders.add_many([order])
    assert (await storage.orders.get_by_order_id(OrderId("bq-20261121-012"))) == order
    assert await storage.orders.get_by_order_id(OrderId("BQ-20261121-013")) is None
    assert await storage.orders.get(uuid4()) is None


async def test_duplicate_order_id_is_a_conflict_and_stores_nothing(storage: Any) -> None:
    first = make_order(3)
    await storage.orders.add_many([first])
    twin = make_order(3, customer=customer(name="Someone Else"))
    with pytest.raises(Conflict):
        await storage.orders.add_many([twin])
    assert await storage.orders.get(twin.id) is None
    assert await storage.orders.get_by_order_id(first.order_id) == first


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
async def test_add_is_atomic_when_a_later_row_fails(storage: Any) -> None:
    """The history row violates the schema, so the order and its lines must not stay behind."""
    bad = StatusChange(T0, "shipping_status", "a", "b")  # type: ignore[arg-type]
    order = make_order(history=(bad,))
    with pytest.raises(Exception, match=r"(?i)constraint|check"):
        await storage.orders.add_many([order])
    assert await storage.orders.get(order.id) is None
    assert (await storage.order_queries.list_orders(OrderQuery())).total == 0


# --- save --------------------------------------------------------------------------------


async def test_save_stores_statuses_tracking_and_appends_history(storage: Any) -> None:
    order = make_order()
    await storage.orders.add_many([order])
    paid = order.change_status(payment=PaymentStatus.VERIFIED, by="sana", now=T0 + timedelta(1))
    assert await storage.orders.save(paid) is True
    delivered = paid.change_status(
        order=OrderStatus.DELIVERED, by="omar", now=T0 + timedelta(2)
    ).with_tracking(
        estimated_delivery=date(2026, 11, 23),
        tracking_notes="Left at the door",
        now=T0 + timedelta(2),
    )
    assert await storage.orders.save(delivered) is True
    loaded = await storage.orders.get(order.id)
    assert loaded == delivered
    assert (loaded.payment_status, loaded.order_status, loaded.delivery_status) == (
        "Verified",
        "Delivered",
        "Delivered",
    )
    assert [(c.to, c.by) for c in loaded.history] == [
        ("Verified", "sana"),
        ("Delivered", "omar"),
        ("Delivered", "omar"),
    ]
    assert loaded.updated_at == T0 + timedelta(2) and loaded.created_at == T0


async def test_save_can_clear_tracking_fields(storage: Any) -> None:
    order = rich_order()
    await storage.orders.add_many([order])
    cleared = order.with_tracking(estimated_delivery=None, tracking_notes=None, now=T0)
    assert await storage.orders.save(cleared) is True
    loaded = await storage.orders.get(order.id)
    assert loaded.estimated_delivery is None and loaded.tracking_notes is None
    assert loaded.history == order.history


async def test_save_of_an_unknown_order_is_false(storage: Any) -> None:
    assert await storage.orders.save(make_order()) is False
    assert await storage.orders.get_by_order_id(make_order().order_id) is None


async def test_save_built_on_a_stale_copy_is_refused(storage: Any) -> None:
    """Two admins load the same order; the second save would silently undo the first."""
    order = make_order()
    await storage.orders.add_many([order])
    first = order.change_status(payment=PaymentStatus.PAID, by="sana", now=T0 + timedelta(1))
    second = order.change_status(order=OrderStatus.PROCESSING, by="omar", now=T0 + timedelta(2))
    assert await storage.orders.save(first) is True
    with pytest.raises(Conflict):
        await storage.orders.save(second)
    stale_notes = order.with_tracking(estimated_delivery=None, tracking_notes="x", now=T0)
    with pytest.raises(Conflict):
        await storage.orders.save(stale_notes)
    assert await storage.orders.get(order.id) == first
