"""Wire shapes of the admin order screens (contract #15-#19) and their mappers."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, TypeVar
from uuid import UUID

import msgspec

from beautique.application.admin_orders import KEEP, StatusUpdate
from beautique.application.order_views import (
    DashboardFigures,
    DayFigures,
    OrderListRow,
    TopProduct,
)
from beautique.domain.order import MAX_TRACKING_NOTES, Order, StatusChange
from beautique.domain.order_status import DeliveryStatus, OrderStatus, PaymentStatus

from .common import mapper
from .orders import CUSTOMER_SEES, STATUS_NAMES, OrderItemView
from .wire import (
    NOTES_CHAR,
    DeliveryStatusName,
    OrderNumber,
    OrderStatusName,
    PaymentMethodName,
    PaymentStatusName,
    calendar_date,
    one_of,
    text,
)

S = TypeVar("S", bound=msgspec.Struct)
E = TypeVar("E", bound=StrEnum)
_STATUS_DOC = "Sent equal to the current value, it counts as not sent"
PaymentStatusIn = Annotated[str, one_of(PaymentStatus, _STATUS_DOC)]
OrderStatusIn = Annotated[str, one_of(OrderStatus, _STATUS_DOC)]
DeliveryStatusIn = Annotated[str, one_of(DeliveryStatus, _STATUS_DOC)]


class OrderListItemOut(msgspec.Struct):
    id: UUID
    order_id: OrderNumber
    customer_name: str
    phone: str
    total_amount: Decimal
    payment_method: PaymentMethodName
    payment_status: PaymentStatusName
    order_status: OrderStatusName
    delivery_status: DeliveryStatusName
    order_date: date
    created_at: datetime


class AdminHistoryEntryOut(msgspec.Struct):
    at: datetime
    field: str
    from_: str = msgspec.field(name="from")
    to: str
    by: str | None


class OrderDetailOut(msgspec.Struct):
    id: UUID
    order_id: OrderNumber
    customer_name: str
    phone: str
    whatsapp: str
    email: str | None
    address: str
    city: str
    country: str
    notes: str | None
    items: list[OrderItemView]
    total_amount: Decimal
    payment_method: PaymentMethodName
    payment_status: PaymentStatusName
    order_status: OrderStatusName
    delivery_status: DeliveryStatusName
    estimated_delivery: date | None
    tracking_notes: str | None
    order_date: date
    created_at: datetime
    updated_at: datetime
    history: list[AdminHistoryEntryOut]


class StatusChangeIn(msgspec.Struct, forbid_unknown_fields=True):
    """Any subset. `estimated_delivery` and `tracking_notes`: null (or "") clears them."""

    payment_status: PaymentStatusIn | msgspec.UnsetType = msgspec.UNSET
    order_status: OrderStatusIn | msgspec.UnsetType = msgspec.UNSET
    delivery_status: DeliveryStatusIn | msgspec.UnsetType = msgspec.UNSET
    estimated_delivery: (
        Annotated[str, calendar_date("Null or empty clears it", blank=True)]
        | msgspec.UnsetType
        | None
    ) = msgspec.UNSET
    tracking_notes: (
        Annotated[str, text(0, MAX_TRACKING_NOTES, "Null or empty clears them", NOTES_CHAR)]
        | msgspec.UnsetType
        | None
    ) = msgspec.UNSET


def to_status_update(data: StatusChangeIn) -> StatusUpdate:
    def sent(value: str | msgspec.UnsetType) -> str | None:
        return None if value is msgspec.UNSET else value

    return StatusUpdate(
        payment_status=sent(data.payment_status),
        order_status=sent(data.order_status),
        delivery_status=sent(data.delivery_status),
        estimated_delivery=KEEP
        if data.estimated_delivery is msgspec.UNSET
        else data.estimated_delivery,
        tracking_notes=KEEP if data.tracking_notes is msgspec.UNSET else data.tracking_notes,
    )


class OrdersByStatus(msgspec.Struct):
    received: int = msgspec.field(name="Received")
    processing: int = msgspec.field(name="Processing")
    ready: int = msgspec.field(name="Ready")
    delivered: int = msgspec.field(name="Delivered")
    cancelled: int = msgspec.field(name="Cancelled")


class OrdersByPaymentStatus(msgspec.Struct):
    pending: int = msgspec.field(name="Pending")
    paid: int = msgspec.field(name="Paid")
    verified: int = msgspec.field(name="Verified")


class OrdersByDeliveryStatus(msgspec.Struct):
    not_started: int = msgspec.field(name="Not Started")
    in_progress: int = msgspec.field(name="In Progress")
    out_for_delivery: int = msgspec.field(name="Out for Delivery")
    delivered: int = msgspec.field(name="Delivered")


class DayOut(msgspec.Struct):
    day: date = msgspec.field(name="date")
    orders: int = 0
    revenue: Decimal = Decimal("0")


class TopProductOut(msgspec.Struct):
    product_id: UUID
    name: str
    quantity: int
    revenue: Decimal


class DashboardOut(msgspec.Struct):
    """Keys in the contract's order; `pending_payment` is an alias of `pending_payments`."""

    total_orders: int
    total_revenue: Decimal
    pending_payments: int
    pending_payment: int
    orders_ready: int
    average_order_value: Decimal
    orders_by_status: OrdersByStatus
    orders_by_payment_status: OrdersByPaymentStatus
    orders_by_delivery_status: OrdersByDeliveryStatus
    revenue_by_day: list[DayOut]
    top_products: list[TopProductOut]
    recent_orders: list[OrderListItemOut]


list_item_out = mapper(OrderListRow, OrderListItemOut, **STATUS_NAMES)
_history_out = mapper(StatusChange, AdminHistoryEntryOut)
_CONTACT = ("phone", "whatsapp", "email", "address", "city", "country", "notes")
detail_out = mapper(
    Order,
    OrderDetailOut,
    **CUSTOMER_SEES,
    **{name: f"customer.{name}" for name in _CONTACT},
    history=lambda order: [_history_out(change) for change in order.history],
)


def _by_value(struct: type[S], counts: Mapping[E, int]) -> S:
    """A map Struct filled by wire key: `{"Not Started": 3, ...}` → OrdersByDeliveryStatus."""
    by_value = {status.value: count for status, count in counts.items()}
    return struct(**{f.name: by_value[f.encode_name] for f in msgspec.structs.fields(struct)})


def _day_out(day: DayFigures) -> DayOut:
    return DayOut(day=day.day, orders=day.orders, revenue=day.revenue)


def _top_out(top: TopProduct) -> TopProductOut:
    return TopProductOut(top.product_id, top.name, top.quantity, top.revenue)


def dashboard_out(figures: DashboardFigures) -> DashboardOut:
    counts = figures.counts
    return DashboardOut(
        total_orders=figures.total_orders,
        total_revenue=figures.total_revenue,
        pending_payments=figures.pending_payments,
        pending_payment=figures.pending_payments,
        orders_ready=figures.orders_ready,
        average_order_value=figures.average_order_value,
        orders_by_status=_by_value(OrdersByStatus, counts.order),
        orders_by_payment_status=_by_value(OrdersByPaymentStatus, counts.payment),
        orders_by_delivery_status=_by_value(OrdersByDeliveryStatus, counts.delivery),
        revenue_by_day=[_day_out(day) for day in figures.revenue_by_day],
        top_products=[_top_out(top) for top in figures.top_products],
        recent_orders=[list_item_out(row) for row in figures.recent_orders],
    )
