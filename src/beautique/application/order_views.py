"""Read models of the admin order screens: plain data the storage computes (the read side).

Lists, export and dashboard read through the `OrderQueries` port into these shapes, computed in
SQL (or by the memory adapter), never by loading whole Order aggregates: a list row carries no
order lines because the list does not show them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from beautique.domain.order_status import (
    DeliveryStatus,
    OrderStatus,
    PaymentMethod,
    PaymentStatus,
)


@dataclass(frozen=True, slots=True)
class OrderListRow:
    """One line of the admin orders list (and of the dashboard's recent orders)."""

    id: UUID
    order_id: str
    customer_name: str
    phone: str
    total_amount: Decimal
    payment_method: PaymentMethod
    payment_status: PaymentStatus
    order_status: OrderStatus
    delivery_status: DeliveryStatus
    order_date: date
    created_at: datetime
