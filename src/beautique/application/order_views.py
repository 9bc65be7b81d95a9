"""Read models of the admin order screens: plain data the storage computes (the read side).

Lists, export and dashboard read through the `OrderQueries` port into these shapes, computed in
SQL (or by the memory adapter), never by loading whole Order aggregates: a list row carries no
order lines because the list does not show them. The admin *detail* is the exception: it shows
every field, line and history entry of one order, which is exactly the Order aggregate, so it reads
`OrderRepository.get` rather than a copy of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
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


ExportPosition = tuple[datetime, UUID]  # (created_at, id) of the last row already read


@dataclass(frozen=True, slots=True)
class ExportItem:
    """One order line as the export shows it: `Name (Size/Color) xQty`."""

    name: str
    size: str
    color: str
    quantity: int


@dataclass(frozen=True, slots=True)
class ExportRow:
    """One order of the CSV export: every column, its items, and its place in the keyset."""

    id: UUID
    order_id: str
    order_date: date
    customer_name: str
    phone: str
    whatsapp: str
    email: str | None
    city: str
    country: str
    address: str
    items: tuple[ExportItem, ...]
    total_amount: Decimal
    payment_method: PaymentMethod
    payment_status: PaymentStatus
    order_status: OrderStatus
    delivery_status: DeliveryStatus
    estimated_delivery: date | None
    tracking_notes: str | None
    notes: str | None
    created_at: datetime

    @property
    def position(self) -> ExportPosition:
        """Where the next batch starts (exclusive): newest first, ties broken by id."""
        return (self.created_at, self.id)


@dataclass(frozen=True, slots=True)
class DayFigures:
    """One business day of the dashboard: orders placed that day and the revenue among them."""

    day: date
    orders: int
    revenue: Decimal


@dataclass(frozen=True, slots=True)
class TopProduct:
    """A best seller by quantity over orders that are not cancelled."""

    product_id: UUID
    name: str
    quantity: int
    revenue: Decimal


@dataclass(frozen=True, slots=True)
class StatusCounts:
    """How many orders hold each value of the three status fields (every value present)."""

    order: dict[OrderStatus, int]
    payment: dict[PaymentStatus, int]
    delivery: dict[DeliveryStatus, int]


@dataclass(frozen=True, slots=True)
class DashboardFigures:
    """The owner's dashboard, read in one snapshot.

    Revenue counts orders whose payment is Verified and that are not Cancelled, everywhere:
    `total_revenue`, `revenue_orders` and each day's `revenue`. A day's `orders` counts every order
    placed that day, whatever its status.
    """

    total_orders: int
    total_revenue: Decimal
    revenue_orders: int
    pending_payments: int
    orders_ready: int
    counts: StatusCounts
    revenue_by_day: tuple[DayFigures, ...]
    top_products: tuple[TopProduct, ...]
    recent_orders: tuple[OrderListRow, ...]

    @property
    def average_order_value(self) -> Decimal:
        """Revenue per revenue order, to the paisa (half up); 0 when nothing was verified yet."""
        if not self.revenue_orders:
            return Decimal("0")
        return (self.total_revenue / self.revenue_orders).quantize(CENT, rounding=ROUND_HALF_UP)


CENT = Decimal("0.01")


def every_day(first: date, last: date, found: dict[date, DayFigures]) -> tuple[DayFigures, ...]:
    """Each day from `first` to `last`, oldest first; a day without orders has zeros."""
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return tuple(found.get(day, DayFigures(day, 0, Decimal("0"))) for day in days)


def status_counts(
    order: dict[str, int], payment: dict[str, int], delivery: dict[str, int]
) -> StatusCounts:
    """Counts keyed by stored status text → every status of each field, in the contract's order."""
    return StatusCounts(
        order={status: order.get(status.value, 0) for status in OrderStatus},
        payment={status: payment.get(status.value, 0) for status in PaymentStatus},
        delivery={status: delivery.get(status.value, 0) for status in DeliveryStatus},
    )
