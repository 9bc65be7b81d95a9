"""Order aggregate: customer details, priced snapshot lines, statuses and their history."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Literal
from uuid import UUID

from .catalog import Size
from .errors import IllegalTransition, RuleViolation
from .order_id import OrderId
from .order_status import (
    DeliveryStatus,
    OrderStatus,
    PaymentMethod,
    PaymentStatus,
    delivery_may_move,
    order_may_move,
    payment_may_move,
)

StatusField = Literal["payment_status", "order_status", "delivery_status"]
MAX_TRACKING_NOTES = 1000
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # a note may hold tabs and new lines


def tracking_notes_problem(notes: str | None) -> str | None:
    """Why `notes` cannot be an order's tracking notes, or None (None clears them)."""
    if notes is None:
        return None
    if len(notes) > MAX_TRACKING_NOTES:
        return f"must be at most {MAX_TRACKING_NOTES} characters"
    if _CONTROL.search(notes):
        return "must not contain control characters (tabs and new lines are fine)"
    return None


@dataclass(frozen=True, slots=True)
class Customer:
    """Who ordered and where it goes. `phone_e164` is the normalised phone used for tracking."""

    name: str
    phone: str
    phone_e164: str
    whatsapp: str
    email: str | None
    address: str
    city: str
    country: str
    notes: str | None


@dataclass(frozen=True, slots=True)
class OrderLine:
    """A snapshot of what was bought: name, unit price and image copied from the catalogue."""

    product_id: UUID
    name: str
    size: Size
    color: str
    quantity: int
    unit_price: Decimal
    image: str | None

    @property
    def total(self) -> Decimal:
        return self.unit_price * self.quantity


@dataclass(frozen=True, slots=True)
class StatusChange:
    """One real change of a status field (admin detail shows who made it)."""

    at: datetime
    field: StatusField
    from_: str
    to: str
    by: str | None = None


@dataclass(frozen=True, slots=True)
class Order:
    """A placed order. Statuses only move as order_status.py allows; every move is recorded."""

    id: UUID
    order_id: OrderId
    customer: Customer
    lines: tuple[OrderLine, ...]
    payment_method: PaymentMethod
    order_date: date
    created_at: datetime
    updated_at: datetime
    payment_status: PaymentStatus = PaymentStatus.PENDING
    order_status: OrderStatus = OrderStatus.RECEIVED
    delivery_status: DeliveryStatus = DeliveryStatus.NOT_STARTED
    estimated_delivery: date | None = None
    tracking_notes: str | None = None
    history: tuple[StatusChange, ...] = ()

    @classmethod
    def place(
        cls,
        *,
        order_uuid: UUID,
        order_id: OrderId,
        customer: Customer,
        lines: tuple[OrderLine, ...],
        payment_method: PaymentMethod,
        now: datetime,
    ) -> Order:
        """A new order, dated by its id's business day; statuses start Pending / Received /
        Not Started with no history."""
        if not lines:
            raise RuleViolation({"items": ["must hold at least 1 item"]})
        return cls(
            id=order_uuid,
            order_id=order_id,
            customer=customer,
            lines=lines,
            payment_method=payment_method,
            order_date=order_id.day,
            created_at=now,
            updated_at=now,
        )

    @property
    def total_amount(self) -> Decimal:
        return sum((line.total for line in self.lines), Decimal("0"))

    def change_status(
        self,
        *,
        payment: PaymentStatus | None = None,
        order: OrderStatus | None = None,
        delivery: DeliveryStatus | None = None,
        by: str | None,
        now: datetime,
    ) -> Order:
        """Apply any subset of status changes; equal values are no-ops; illegal moves raise.

        Delivered is one fact seen from two fields: setting either sets the other, and a
        request setting one to Delivered and the other to something else is refused
        (IllegalTransition, like any move the rules forbid).
        """
        # A form may echo the current value of a field it did not change: that is no
        # change, not a wish to keep the other field away from Delivered.
        order = None if order == self.order_status else order
        delivery = None if delivery == self.delivery_status else delivery
        _check_delivered_agrees(order, delivery)
        if order is OrderStatus.DELIVERED and delivery is None:
            delivery = DeliveryStatus.DELIVERED
        if delivery is DeliveryStatus.DELIVERED and order is None:
            order = OrderStatus.DELIVERED
        changes: list[StatusChange] = []
        updated = self
        if payment is not None and payment != self.payment_status:
            if not payment_may_move(self.payment_status, payment):
                raise IllegalTransition(_illegal("payment_status", self.payment_status, payment))
            changes.append(StatusChange(now, "payment_status", self.payment_status, payment, by))
            updated = dataclasses.replace(updated, payment_status=payment)
        if order is not None and order != self.order_status:
            if not order_may_move(self.order_status, order):
                raise IllegalTransition(_illegal("order_status", self.order_status, order))
            changes.append(StatusChange(now, "order_status", self.order_status, order, by))
            updated = dataclasses.replace(updated, order_status=order)
        if delivery is not None and delivery != self.delivery_status:
            if updated.order_status is OrderStatus.CANCELLED:
                raise IllegalTransition("delivery_status cannot change on a Cancelled order")
            if not delivery_may_move(self.delivery_status, delivery):
                raise IllegalTransition(_illegal("delivery_status", self.delivery_status, delivery))
            changes.append(StatusChange(now, "delivery_status", self.delivery_status, delivery, by))
            updated = dataclasses.replace(updated, delivery_status=delivery)
        if not changes:
            return self
        return dataclasses.replace(updated, history=(*self.history, *changes), updated_at=now)

    def with_tracking(
        self, *, estimated_delivery: date | None, tracking_notes: str | None, now: datetime
    ) -> Order:
        """The order with this delivery estimate and these notes; itself when both are unchanged."""
        if (estimated_delivery, tracking_notes) == (self.estimated_delivery, self.tracking_notes):
            return self
        return dataclasses.replace(
            self,
            estimated_delivery=estimated_delivery,
            tracking_notes=tracking_notes,
            updated_at=now,
        )


def _check_delivered_agrees(order: OrderStatus | None, delivery: DeliveryStatus | None) -> None:
    # Without this, {order: Delivered, delivery: In Progress} would store a delivered order
    # that is still on its way. It conflicts with the order's rules, as an illegal move does.
    if order is OrderStatus.DELIVERED and delivery not in (None, DeliveryStatus.DELIVERED):
        raise IllegalTransition(
            f"order_status Delivered contradicts delivery_status {delivery}: "
            "a delivered order's delivery is Delivered"
        )
    if delivery is DeliveryStatus.DELIVERED and order not in (None, OrderStatus.DELIVERED):
        raise IllegalTransition(
            f"delivery_status Delivered contradicts order_status {order}: "
            "a delivered parcel's order is Delivered"
        )


def _illegal(field: str, current: str, wanted: str) -> str:
    return f"{field} cannot move from {current} to {wanted}"
