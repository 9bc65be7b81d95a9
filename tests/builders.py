"""Test data builders shared by the unit, contract and HTTP suites: one place per kind of object."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from uuid import uuid4

from beautique.application.order_views import OrderListRow
from beautique.domain.catalog import Size
from beautique.domain.order import Customer, Order, OrderLine
from beautique.domain.order_id import OrderId
from beautique.domain.order_status import PaymentMethod

DAY = date(2026, 11, 21)
T0 = datetime(2026, 11, 21, 9, 30, 15, 123456, tzinfo=UTC)


def customer(**changes: Any) -> Customer:
    base = Customer(
        name="Ayesha Khan",
        phone="0300 1234567",
        phone_e164="+923001234567",
        whatsapp="+92 300 1234567",
        email="ayesha@example.com",
        address="House 12, Street 4, F-7/2",
        city="Islamabad",
        country="Pakistan",
        notes="Call before delivery",
    )
    return dataclasses.replace(base, **changes)


def line(price: str = "4950.50", quantity: int = 2, **changes: Any) -> OrderLine:
    base = OrderLine(
        product_id=uuid4(),
        name="Silk Maxi - Red",
        size=Size.M,
        color="Red",
        quantity=quantity,
        unit_price=Decimal(price),
        image="https://res.cloudinary.com/demo/image/upload/maxi.jpg",
    )
    return dataclasses.replace(base, **changes)


def make_order(number: int = 1, *, day: date = DAY, at: datetime = T0, **changes: Any) -> Order:
    base = Order(
        id=uuid4(),
        order_id=OrderId.compose(day, number),
        customer=customer(),
        lines=(line(),),
        payment_method=PaymentMethod.EASYPAISA,
        order_date=day,
        created_at=at,
        updated_at=at,
    )
    return dataclasses.replace(base, **changes)


def expected_list_row(order: Order) -> OrderListRow:
    """What the admin list must show for `order`, written out field by field."""
    return OrderListRow(
        id=order.id,
        order_id=order.order_id.value,
        customer_name=order.customer.name,
        phone=order.customer.phone,
        total_amount=sum((ln.unit_price * ln.quantity for ln in order.lines), Decimal(0)),
        payment_method=order.payment_method,
        payment_status=order.payment_status,
        order_status=order.order_status,
        delivery_status=order.delivery_status,
        order_date=order.order_date,
        created_at=order.created_at,
    )
