"""Wire shapes of the public order endpoints (contract #5 and #6) and their mappers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec

from beautique.application.ordering import OrderRequest
from beautique.domain import checkout as rules
from beautique.domain.catalog import Size
from beautique.domain.checkout import ContactDetails, LineRequest
from beautique.domain.order import Order, OrderLine, StatusChange, StatusField
from beautique.domain.order_status import PaymentMethod

from .common import mapper
from .wire import (
    LINES_CHAR,
    Amount,
    ClientPrice,
    DeliveryStatusName,
    Money,
    OrderNumber,
    OrderStatusName,
    PaymentMethodName,
    PaymentStatusName,
    SizeName,
    any_case,
    email,
    entries,
    one_of,
    phone,
    text,
    whole,
)


class OrderItemIn(msgspec.Struct, forbid_unknown_fields=True):
    """A cart line. `price` is the unit price the customer was shown (checked, never used)."""

    product_id: Annotated[UUID, msgspec.Meta(description="An active product's id")]
    size: Annotated[str, any_case(Size, "A size the product comes in")]
    color: Annotated[str, text(1, 50, "A colour the product comes in, any letter case")]
    quantity: Annotated[int, whole(1, rules.MAX_QUANTITY)]
    price: ClientPrice | None = None
    # Sent by the storefront from its cart; the catalogue's name and image are what count.
    name: Annotated[str | None, msgspec.Meta(description="Ignored")] = None
    image: Annotated[str | None, msgspec.Meta(description="Ignored")] = None


class OrderIn(msgspec.Struct, forbid_unknown_fields=True):
    customer_name: Annotated[str, text(*rules.NAME_LENGTH)]
    phone: Annotated[str, phone("Must be a number possible in the store's region")]
    whatsapp: Annotated[str, phone()]
    address: Annotated[str, text(*rules.ADDRESS_LENGTH, char=LINES_CHAR)]
    city: Annotated[str, text(*rules.CITY_LENGTH)]
    payment_method: Annotated[str, one_of(PaymentMethod)]
    items: Annotated[list[OrderItemIn], entries(1, rules.MAX_LINES)]
    email: Annotated[str | None, email()] = None
    country: Annotated[str | None, text(0, rules.COUNTRY_MAX, "Default Pakistan")] = None
    notes: Annotated[str | None, text(0, rules.NOTES_MAX, char=LINES_CHAR)] = None


def to_order_request(data: OrderIn) -> OrderRequest:
    contact = ContactDetails(
        customer_name=data.customer_name,
        phone=data.phone,
        whatsapp=data.whatsapp,
        email=data.email,
        address=data.address,
        city=data.city,
        country=data.country,
        notes=data.notes,
    )
    lines = [
        LineRequest(
            index=index,
            product_id=item.product_id,
            size=item.size,
            color=item.color,
            quantity=item.quantity,
            price=item.price,
        )
        for index, item in enumerate(data.items)
    ]
    return OrderRequest(contact=contact, lines=lines, payment_method=data.payment_method)


def canonical_body(data: OrderIn) -> bytes:
    """Key-sorted JSON of the decoded body: the same order retried encodes the same bytes."""
    return msgspec.json.encode(data, order="sorted")


class OrderItemView(msgspec.Struct):
    product_id: UUID
    name: str
    size: SizeName
    color: str
    quantity: int
    price: Money
    image: str | None


class CreatedOrderView(msgspec.Struct):
    id: UUID
    order_id: OrderNumber
    customer_name: str
    items: list[OrderItemView]
    total_amount: Amount
    payment_method: PaymentMethodName
    payment_status: PaymentStatusName
    order_status: OrderStatusName
    delivery_status: DeliveryStatusName
    order_date: date
    created_at: datetime


class HistoryEntryView(msgspec.Struct):
    at: datetime
    field: StatusField
    from_: str = msgspec.field(name="from")
    to: str


class TrackingView(msgspec.Struct):
    """What anyone with the order id and phone may see: no phone, email or address."""

    order_id: OrderNumber
    customer_name: str
    items: list[OrderItemView]
    total_amount: Amount
    payment_method: PaymentMethodName
    payment_status: PaymentStatusName
    order_status: OrderStatusName
    delivery_status: DeliveryStatusName
    estimated_delivery: date | None
    tracking_notes: str | None
    order_date: date
    history: list[HistoryEntryView]


item_view = mapper(OrderLine, OrderItemView, size="size.value", price="unit_price")
history_view = mapper(StatusChange, HistoryEntryView)

# An order's method and statuses go out as their names.
STATUS_NAMES = {
    name: f"{name}.value"
    for name in ("payment_method", "payment_status", "order_status", "delivery_status")
}
# How every view of an order maps what the customer sees, whatever else the view adds.
CUSTOMER_SEES: dict[str, str | Callable[[Order], Any]] = {
    "order_id": "order_id.value",
    "customer_name": "customer.name",
    "items": lambda order: [item_view(line) for line in order.lines],
    **STATUS_NAMES,
}
created_view = mapper(Order, CreatedOrderView, **CUSTOMER_SEES)
tracking_view = mapper(
    Order,
    TrackingView,
    **CUSTOMER_SEES,
    history=lambda order: [history_view(change) for change in order.history],
)


def tracking_location(order: Order) -> str:
    # No phone in the URL: URLs end up in logs and browser history.
    return f"/api/orders/track?order_id={order.order_id.value}"
