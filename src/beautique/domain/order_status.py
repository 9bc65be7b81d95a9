"""The three status fields of an order and the moves each may make."""

from __future__ import annotations

from enum import StrEnum


class PaymentMethod(StrEnum):
    EASYPAISA = "Easypaisa"
    MEEZAN_BANK = "Meezan Bank"
    INTERNATIONAL_BANK = "International Bank"


class PaymentStatus(StrEnum):
    """Moves forward only: Pending → Paid → Verified (skipping allowed)."""

    PENDING = "Pending"
    PAID = "Paid"
    VERIFIED = "Verified"


class OrderStatus(StrEnum):
    """Forward along Received → Processing → Ready → Delivered; Cancelled from any but
    Delivered; Delivered and Cancelled are final."""

    RECEIVED = "Received"
    PROCESSING = "Processing"
    READY = "Ready"
    DELIVERED = "Delivered"
    CANCELLED = "Cancelled"


class DeliveryStatus(StrEnum):
    """Moves forward along its list (skipping allowed)."""

    NOT_STARTED = "Not Started"
    IN_PROGRESS = "In Progress"
    OUT_FOR_DELIVERY = "Out for Delivery"
    DELIVERED = "Delivered"


FINAL_ORDER_STATES = frozenset({OrderStatus.DELIVERED, OrderStatus.CANCELLED})
_ORDER_PATH = [
    OrderStatus.RECEIVED,
    OrderStatus.PROCESSING,
    OrderStatus.READY,
    OrderStatus.DELIVERED,
]


def _forward(members: list[StrEnum], current: StrEnum, wanted: StrEnum) -> bool:
    return members.index(wanted) > members.index(current)


def payment_may_move(current: PaymentStatus, wanted: PaymentStatus) -> bool:
    return _forward(list(PaymentStatus), current, wanted)


def order_may_move(current: OrderStatus, wanted: OrderStatus) -> bool:
    if current in FINAL_ORDER_STATES:
        return False
    if wanted is OrderStatus.CANCELLED:
        return True
    return _forward(list(_ORDER_PATH), current, wanted)


def delivery_may_move(current: DeliveryStatus, wanted: DeliveryStatus) -> bool:
    return _forward(list(DeliveryStatus), current, wanted)
