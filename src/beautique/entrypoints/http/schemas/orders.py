"""Wire shapes of the public order endpoints (contract #5 and #6) and their mappers."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

import msgspec

from beautique.application.ordering import OrderRequest
from beautique.domain.checkout import ContactDetails, LineRequest
from beautique.domain.order import Order, OrderLine, StatusChange

_METHOD_DOC = msgspec.Meta(
    description="One of `Easypaisa`, `Meezan Bank`, `International Bank`",
    examples=["Easypaisa"],
)


class OrderItemIn(msgspec.Struct, forbid_unknown_fields=True):
    """A cart line. `price` is the unit price the customer was shown (checked, never used)."""

    product_id: UUID
    size: str
    color: str
    quantity: int
    price: Decimal | None = None
    # Sent by the storefront from its cart; the catalogue's name and image are what count.
    name: str | None = None
    image: str | None = None


class OrderIn(msgspec.Struct, forbid_unknown_fields=True):
    customer_name: str
    phone: str
    whatsapp: str
    address: str
    city: str
    payment_method: Annotated[str, _METHOD_DOC]
    items: list[OrderItemIn]
    email: str | None = None
    country: str | None = None
    notes: str | None = None


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
    size: str
    color: str
    quantity: int
    price: Decimal
    image: str | None


class CreatedOrderView(msgspec.Struct):
    id: UUID
    order_id: str
    customer_name: str
    items: list[OrderItemView]
    total_amount: Decimal
    payment_method: str
    payment_status: str
    order_status: str
    delivery_status: str
    order_date: date
    created_at: datetime


class HistoryEntryView(msgspec.Struct):
    at: datetime
    field: str
    from_: str = msgspec.field(name="from")
    to: str


class TrackingView(msgspec.Struct):
    """What anyone with the order id and phone may see: no phone, email or address."""

    order_id: str
    customer_name: str
    items: list[OrderItemView]
    total_amount: Decimal
    payment_method: str
    payment_status: str
    order_status: str
    delivery_status: str
    estimated_delivery: date | None
    tracking_notes: str | None
    order_date: date
    history: list[HistoryEntryView]


def item_view(line: OrderLine) -> OrderItemView:
    return OrderItemView(
        product_id=line.product_id,
        name=line.name,
        size=line.size.value,
        color=line.color,
        quantity=line.quantity,
        price=line.unit_price,
        image=line.image,
    )


def history_view(change: StatusChange) -> HistoryEntryView:
    return HistoryEntryView(at=change.at, field=change.field, from_=change.from_, to=change.to)


def _what_the_customer_sees(order: Order) -> dict[str, Any]:
    """The fields every view of an order shows its customer, whatever else the view adds."""
    return {
        "order_id": order.order_id.value,
        "customer_name": order.customer.name,
        "items": [item_view(line) for line in order.lines],
        "total_amount": order.total_amount,
        "payment_method": order.payment_method.value,
        "payment_status": order.payment_status.value,
        "order_status": order.order_status.value,
        "delivery_status": order.delivery_status.value,
        "order_date": order.order_date,
    }


def created_view(order: Order) -> CreatedOrderView:
    return CreatedOrderView(
        **_what_the_customer_sees(order), id=order.id, created_at=order.created_at
    )


def tracking_view(order: Order) -> TrackingView:
    return TrackingView(
        **_what_the_customer_sees(order),
        estimated_delivery=order.estimated_delivery,
        tracking_notes=order.tracking_notes,
        history=[history_view(change) for change in order.history],
    )


def tracking_location(order: Order) -> str:
    # No phone in the URL: URLs end up in logs and browser history.
    return f"/api/orders/track?order_id={order.order_id.value}"
