"""Ordering use cases (PlaceOrder, TrackOrder) over in-memory storage."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest

from beautique.adapters.memory.storage import InMemoryStorage
from beautique.adapters.phones import PhonenumbersNormalizer
from beautique.application.errors import NotFound
from beautique.application.ordering import OrderRequest, PlaceOrder, TrackOrder
from beautique.domain.checkout import LineRequest
from beautique.domain.errors import PriceChanged, RuleViolation
from beautique.domain.order_status import DeliveryStatus, OrderStatus, PaymentStatus
from beautique.domain.product import Product
from tests.builders import cart_line, contact_details, orderable_product
from tests.fakes import SettableClock

KARACHI = ZoneInfo("Asia/Karachi")
# 23:59 in Karachi on the 21st, and two minutes later already the 22nd there (UTC: still the 21st).
BEFORE_MIDNIGHT = datetime(2026, 11, 21, 18, 59, tzinfo=UTC)
AFTER_MIDNIGHT = datetime(2026, 11, 21, 19, 1, tzinfo=UTC)


class World:
    """The use cases wired over one in-memory storage, as the container wires them."""

    def __init__(self, at: datetime = BEFORE_MIDNIGHT) -> None:
        self.storage = InMemoryStorage()
        self.clock = SettableClock(at)
        phones = PhonenumbersNormalizer("PK")
        self.place = PlaceOrder(
            orders=self.storage.orders,
            phones=phones,
            clock=self.clock,
            store_zone=KARACHI,
        )
        self.track = TrackOrder(orders=self.storage.orders, phones=phones)

    async def with_product(self, **changes: Any) -> Product:
        product = orderable_product(**changes)
        await self.storage.products.add(product)
        return product


def request(*lines: LineRequest, method: str = "Easypaisa", **contact_changes: Any) -> OrderRequest:
    return OrderRequest(
        contact=contact_details(**contact_changes), lines=lines, payment_method=method
    )


async def test_an_order_is_priced_from_the_catalogue_and_starts_pending() -> None:
    world = World()
    product = await world.with_product()
    order = await world.place(
        request(cart_line(product_id=product.id, quantity=2, price=Decimal("4950.5")))
    )
    assert order.order_id.value == "BQ-20261121-001"
    assert order.order_date.isoformat() == "2026-11-21"
    assert [(ln.name, ln.unit_price, ln.quantity) for ln in order.lines] == [
        ("Silk Maxi - Red", Decimal("4950.50"), 2)
    ]
    assert order.total_amount == Decimal("9901.00")
    assert (order.payment_status, order.order_status, order.delivery_status) == (
        PaymentStatus.PENDING,
        OrderStatus.RECEIVED,
        DeliveryStatus.NOT_STARTED,
    )
    assert order.customer.phone == "0300 1234567"
    assert order.customer.phone_e164 == "+923001234567"
    assert order.customer.country == "Pakistan"
    assert order.created_at == BEFORE_MIDNIGHT
    assert await world.storage.orders.get(order.id) == order


async def test_the_log_never_carries_the_full_phone(caplog: pytest.LogCaptureFixture) -> None:
    world = World()
    product = await world.with_product()
    with caplog.at_level(logging.DEBUG):
        order = await world.place(request(cart_line(product_id=product.id)))
    assert order.order_id.value in caplog.text
    assert "1234567" not in caplog.text and "***567" in caplog.text


async def test_orders_are_numbered_per_business_day_in_the_store_zone() -> None:
    world = World()
    product = await world.with_product()
    first = await world.place(request(cart_line(product_id=product.id)))
    second = await world.place(request(cart_line(product_id=product.id)))
    world.clock.current = AFTER_MIDNIGHT  # still the 21st in UTC, already the 22nd in Karachi
    next_day = await world.place(request(cart_line(product_id=product.id)))
    assert [o.order_id.value for o in (first, second, next_day)] == [
        "BQ-20261121-001",
        "BQ-20261121-002",
        "BQ-20261122-001",
    ]
    assert next_day.order_date.isoformat() == "2026-11-22"


async def test_every_problem_of_the_form_is_reported_at_once_and_no_number_is_used() -> None:
    world = World()
    product = await world.with_product()
    bad = request(
        cart_line(product_id=product.id, quantity=0, price=Decimal("NaN")),
        method="Cash",
        customer_name="Al",
        phone="12345",
        email="not-an-email",
        city="X",
    )
    with pytest.raises(RuleViolation) as caught:
        await world.place(bad)
    assert set(caught.value.errors) == {
        "customer_name",
        "phone",
        "email",
        "city",
        "items.0.quantity",
        "items.0.price",
        "payment_method",
    }
    order = await world.place(request(cart_line(product_id=product.id)))
    assert order.order_id.value.endswith("-001")  # the refused checkout left no gap


@pytest.mark.parametrize("method", ["Cash on delivery", "easypaisa", "Easypaisa ", ""])
async def test_a_payment_method_outside_the_list_is_named(method: str) -> None:
    world = World()
    product = await world.with_product()
    with pytest.raises(RuleViolation) as caught:
        await world.place(request(cart_line(product_id=product.id), method=method))
    assert list(caught.value.errors) == ["payment_method"]


async def test_a_well_formed_but_impossible_phone_is_refused() -> None:
    world = World()
    product = await world.with_product()
    with pytest.raises(RuleViolation) as caught:
        await world.place(request(cart_line(product_id=product.id), phone="+92 3001234567890"))
    assert list(caught.value.errors) == ["phone"]


@pytest.mark.parametrize("price", ["-1", "1000000.01", "Infinity", "1E+400"])
async def test_an_absurd_client_price_is_a_validation_error(price: str) -> None:
    world = World()
    product = await world.with_product()
    with pytest.raises(RuleViolation) as caught:
        await world.place(request(cart_line(product_id=product.id, price=Decimal(price))))
    assert list(caught.value.errors) == ["items.0.price"]


async def test_a_stale_client_price_is_refused_naming_both_prices() -> None:
    world = World()
    product = await world.with_product()
    with pytest.raises(PriceChanged) as caught:
        await world.place(request(cart_line(product_id=product.id, price=Decimal("5500"))))
    assert "Silk Maxi - Red" in caught.value.message
    assert "PKR 5,500" in caught.value.message and "PKR 4,950.50" in caught.value.message


async def test_the_client_price_is_compared_rounded_to_two_decimals() -> None:
    world = World()
    product = await world.with_product()  # effective price 4950.50
    order = await world.place(request(cart_line(product_id=product.id, price=Decimal("4950.499"))))
    assert order.lines[0].unit_price == Decimal("4950.50")
    with pytest.raises(PriceChanged):
        await world.place(request(cart_line(product_id=product.id, price=Decimal("4950.494"))))


async def test_unknown_and_inactive_products_and_wrong_options_name_their_line() -> None:
    world = World()
    product = await world.with_product()
    draft = await world.with_product(name="Old Gharara", is_active=False)
    bad = request(
        cart_line(0, product_id=uuid4()),
        cart_line(1, product_id=draft.id),
        cart_line(2, product_id=product.id, size="XL"),
        cart_line(3, product_id=product.id, color="Green"),
    )
    with pytest.raises(RuleViolation) as caught:
        await world.place(bad)
    assert set(caught.value.errors) == {
        "items.0.product_id",
        "items.1.product_id",
        "items.2.size",
        "items.3.color",
    }
    assert (await world.place(request(cart_line(product_id=product.id)))).order_id.value.endswith(
        "-001"
    )


async def test_identical_lines_are_merged() -> None:
    world = World()
    product = await world.with_product()
    order = await world.place(
        request(
            cart_line(0, product_id=product.id, quantity=2),
            cart_line(1, product_id=product.id, quantity=3, size="m", color="red"),
            cart_line(2, product_id=product.id, quantity=1, color="Maroon"),
        )
    )
    assert [(ln.size.value, ln.color, ln.quantity) for ln in order.lines] == [
        ("M", "Red", 5),
        ("M", "Maroon", 1),
    ]


async def test_tracking_matches_any_spelling_of_the_phone_and_any_case_of_the_id() -> None:
    world = World()
    product = await world.with_product()
    placed = await world.place(request(cart_line(product_id=product.id)))
    for phone in ("03001234567", "0300-1234567", "+92 300 1234567", " +923001234567 "):
        found = await world.track(placed.order_id.value.lower(), phone)
        assert found.id == placed.id


async def test_unknown_malformed_and_wrong_phone_are_the_same_not_found() -> None:
    world = World()
    product = await world.with_product()
    placed = await world.place(request(cart_line(product_id=product.id)))
    attempts = [
        ("BQ-20261121-999", "03001234567"),  # unknown id
        ("not-an-order", "03001234567"),  # malformed id
        ("BQ-20261399-001", "03001234567"),  # impossible date
        (placed.order_id.value, "03001234568"),  # wrong phone
        (placed.order_id.value, "garbage"),  # unreadable phone
    ]
    messages = set()
    for order_id, phone in attempts:
        with pytest.raises(NotFound) as caught:
            await world.track(order_id, phone)
        messages.add(caught.value.message)
    assert messages == {"Order not found"}


async def test_tracking_needs_both_values() -> None:
    world = World()
    with pytest.raises(RuleViolation) as caught:
        await world.track(" ", "")
    assert caught.value.errors == {"order_id": ["is required"], "phone": ["is required"]}
