"""The order's status machine: what may move where, the coupled delivered states, the history."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal
from uuid import uuid4

import pytest

from beautique.domain.catalog import Size
from beautique.domain.errors import IllegalTransition
from beautique.domain.order import OrderLine
from beautique.domain.order_status import DeliveryStatus, OrderStatus, PaymentStatus
from tests.builders import T0, make_order

LATER = T0 + timedelta(hours=1)
PAYMENTS = list(PaymentStatus)
ORDERS = list(OrderStatus)
DELIVERIES = list(DeliveryStatus)


@pytest.mark.parametrize(("current", "wanted"), list(itertools.product(PAYMENTS, PAYMENTS)))
def test_payment_moves_forward_only_skipping_allowed(
    current: PaymentStatus, wanted: PaymentStatus
) -> None:
    order = make_order(payment_status=current)
    if PAYMENTS.index(wanted) > PAYMENTS.index(current):
        changed = order.change_status(payment=wanted, by="sana", now=LATER)
        assert changed.payment_status is wanted and changed.updated_at == LATER
        assert [(c.field, c.from_, c.to, c.by, c.at) for c in changed.history] == [
            ("payment_status", current, wanted, "sana", LATER)
        ]
    elif wanted is current:
        assert order.change_status(payment=wanted, by="sana", now=LATER) is order
    else:
        with pytest.raises(IllegalTransition, match=f"payment_status cannot move from {current}"):
            order.change_status(payment=wanted, by="sana", now=LATER)


def _order_move_allowed(current: OrderStatus, wanted: OrderStatus) -> bool:
    if current in (OrderStatus.DELIVERED, OrderStatus.CANCELLED):
        return False
    return wanted is OrderStatus.CANCELLED or ORDERS.index(wanted) > ORDERS.index(current)


@pytest.mark.parametrize(("current", "wanted"), list(itertools.product(ORDERS, ORDERS)))
def test_order_status_rules(current: OrderStatus, wanted: OrderStatus) -> None:
    delivered = current is OrderStatus.DELIVERED
    order = make_order(
        order_status=current,
        delivery_status=DeliveryStatus.DELIVERED if delivered else DeliveryStatus.NOT_STARTED,
    )
    if wanted is current:
        assert order.change_status(order=wanted, by="omar", now=LATER) is order
    elif _order_move_allowed(current, wanted):
        changed = order.change_status(order=wanted, by="omar", now=LATER)
        assert changed.order_status is wanted
        assert changed.history[0].field == "order_status"
        assert (changed.history[0].from_, changed.history[0].to) == (current, wanted)
    else:
        with pytest.raises(IllegalTransition, match=f"cannot move from {current} to {wanted}"):
            order.change_status(order=wanted, by="omar", now=LATER)


@pytest.mark.parametrize(("current", "wanted"), list(itertools.product(DELIVERIES, DELIVERIES)))
def test_delivery_moves_forward_only(current: DeliveryStatus, wanted: DeliveryStatus) -> None:
    delivered = current is DeliveryStatus.DELIVERED
    order = make_order(
        order_status=OrderStatus.DELIVERED if delivered else OrderStatus.PROCESSING,
        delivery_status=current,
    )
    if wanted is current:
        assert order.change_status(delivery=wanted, by=None, now=LATER) is order
    elif DELIVERIES.index(wanted) > DELIVERIES.index(current):
        changed = order.change_status(delivery=wanted, by=None, now=LATER)
        assert changed.delivery_status is wanted
        assert ("delivery_status", current, wanted) in [
            (c.field, c.from_, c.to) for c in changed.history
        ]
    else:
        with pytest.raises(IllegalTransition):
            order.change_status(delivery=wanted, by=None, now=LATER)


def test_delivered_order_sets_delivery_delivered_too() -> None:
    order = make_order(order_status=OrderStatus.READY, delivery_status=DeliveryStatus.IN_PROGRESS)
    changed = order.change_status(order=OrderStatus.DELIVERED, by="omar", now=LATER)
    assert (changed.order_status, changed.delivery_status) == ("Delivered", "Delivered")
    assert [(c.field, c.from_, c.to) for c in changed.history] == [
        ("order_status", "Ready", "Delivered"),
        ("delivery_status", "In Progress", "Delivered"),
    ]


def test_delivered_delivery_sets_order_delivered_too() -> None:
    order = make_order(order_status=OrderStatus.RECEIVED)
    changed = order.change_status(delivery=DeliveryStatus.DELIVERED, by="omar", now=LATER)
    assert (changed.order_status, changed.delivery_status) == ("Delivered", "Delivered")
    assert len(changed.history) == 2


def test_echoing_the_current_delivery_while_delivering_is_not_a_contradiction() -> None:
    """An admin form that sends every field unchanged but order_status still delivers."""
    order = make_order(
        order_status=OrderStatus.READY, delivery_status=DeliveryStatus.OUT_FOR_DELIVERY
    )
    changed = order.change_status(
        order=OrderStatus.DELIVERED, delivery=DeliveryStatus.OUT_FOR_DELIVERY, by=None, now=LATER
    )
    assert (changed.order_status, changed.delivery_status) == ("Delivered", "Delivered")


@pytest.mark.parametrize(
    ("order_status", "delivery", "field"),
    [
        (OrderStatus.DELIVERED, DeliveryStatus.IN_PROGRESS, "delivery_status"),
        (OrderStatus.READY, DeliveryStatus.DELIVERED, "order_status"),
    ],
)
def test_contradicting_delivered_values_are_refused(
    order_status: OrderStatus, delivery: DeliveryStatus, field: str
) -> None:
    with pytest.raises(IllegalTransition, match="contradicts") as refused:
        make_order().change_status(order=order_status, delivery=delivery, by=None, now=LATER)
    assert f"{field} {delivery if field == 'delivery_status' else order_status}" in str(
        refused.value
    )


def test_cancelled_order_delivery_cannot_change() -> None:
    cancelled = make_order(
        order_status=OrderStatus.CANCELLED, delivery_status=DeliveryStatus.IN_PROGRESS
    )
    for delivery in (DeliveryStatus.OUT_FOR_DELIVERY, DeliveryStatus.DELIVERED):
        with pytest.raises(IllegalTransition):
            cancelled.change_status(delivery=delivery, by=None, now=LATER)
    assert cancelled.change_status(delivery=DeliveryStatus.IN_PROGRESS, by=None, now=LATER) is (
        cancelled
    )
    with pytest.raises(IllegalTransition, match="Cancelled"):
        make_order().change_status(
            order=OrderStatus.CANCELLED, delivery=DeliveryStatus.IN_PROGRESS, by=None, now=LATER
        )


def test_several_changes_at_once_append_one_entry_each_in_field_order() -> None:
    order = make_order(history=())
    first = order.change_status(payment=PaymentStatus.PAID, by="sana", now=LATER)
    second = first.change_status(
        payment=PaymentStatus.VERIFIED,
        order=OrderStatus.PROCESSING,
        delivery=DeliveryStatus.IN_PROGRESS,
        by="omar",
        now=LATER + timedelta(minutes=1),
    )
    assert [(c.field, c.to, c.by) for c in second.history] == [
        ("payment_status", "Paid", "sana"),
        ("payment_status", "Verified", "omar"),
        ("order_status", "Processing", "omar"),
        ("delivery_status", "In Progress", "omar"),
    ]
    assert second.updated_at == LATER + timedelta(minutes=1)


def test_a_refused_change_changes_nothing() -> None:
    order = make_order(payment_status=PaymentStatus.PAID, order_status=OrderStatus.PROCESSING)
    with pytest.raises(IllegalTransition):
        order.change_status(
            payment=PaymentStatus.VERIFIED, order=OrderStatus.RECEIVED, by=None, now=LATER
        )
    with pytest.raises(IllegalTransition):
        order.change_status(payment=PaymentStatus.PENDING, by=None, now=LATER)
    assert order.payment_status is PaymentStatus.PAID and order.history == ()
    assert order.order_status is OrderStatus.PROCESSING


def test_tracking_fields_change_without_history() -> None:
    order = make_order()
    changed = order.with_tracking(
        estimated_delivery=date(2026, 11, 25), tracking_notes="TCS 123", now=LATER
    )
    assert (changed.estimated_delivery, changed.tracking_notes) == (date(2026, 11, 25), "TCS 123")
    assert changed.history == () and changed.updated_at == LATER
    cleared = changed.with_tracking(estimated_delivery=None, tracking_notes=None, now=LATER)
    assert cleared.estimated_delivery is None and cleared.tracking_notes is None


def test_total_is_the_exact_sum_of_lines() -> None:
    lines = (
        OrderLine(uuid4(), "A", Size.S, "Red", 3, Decimal("0.10"), None),
        OrderLine(uuid4(), "B", Size.L, "Red", 1, Decimal("4950.55"), None),
    )
    assert make_order(lines=lines).total_amount == Decimal("4950.85")
