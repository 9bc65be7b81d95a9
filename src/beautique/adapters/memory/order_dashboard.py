"""The dashboard's figures computed in Python over every order: the reference for the SQL ones."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from uuid import UUID

from beautique.application.order_views import (
    DashboardFigures,
    DayFigures,
    OrderListRow,
    TopProduct,
    every_day,
    status_counts,
)
from beautique.domain.order import Order
from beautique.domain.order_status import OrderStatus, PaymentStatus

TOP_PRODUCTS = 5


def is_revenue(order: Order) -> bool:
    return (
        order.payment_status is PaymentStatus.VERIFIED
        and order.order_status is not OrderStatus.CANCELLED
    )


def dashboard_of(
    orders: Sequence[Order], first_day: date, last_day: date, recent: Sequence[OrderListRow]
) -> DashboardFigures:
    """`orders` newest first."""
    revenue = [order for order in orders if is_revenue(order)]
    return DashboardFigures(
        total_orders=len(orders),
        total_revenue=sum((order.total_amount for order in revenue), Decimal("0")),
        revenue_orders=len(revenue),
        pending_payments=sum(
            1
            for order in orders
            if order.payment_status is PaymentStatus.PENDING
            and order.order_status is not OrderStatus.CANCELLED
        ),
        orders_ready=sum(1 for order in orders if order.order_status is OrderStatus.READY),
        counts=status_counts(
            Counter(order.order_status.value for order in orders),
            Counter(order.payment_status.value for order in orders),
            Counter(order.delivery_status.value for order in orders),
        ),
        revenue_by_day=every_day(first_day, last_day, _days(orders, first_day, last_day)),
        top_products=_top_products(orders),
        recent_orders=tuple(recent),
    )


def _days(orders: Sequence[Order], first_day: date, last_day: date) -> dict[date, DayFigures]:
    placed: Counter[date] = Counter()
    earned: defaultdict[date, Decimal] = defaultdict(Decimal)
    for order in orders:
        if first_day <= order.order_date <= last_day:
            placed[order.order_date] += 1
            if is_revenue(order):
                earned[order.order_date] += order.total_amount
    return {day: DayFigures(day, count, earned[day]) for day, count in placed.items()}


def _top_products(orders: Sequence[Order]) -> tuple[TopProduct, ...]:
    quantity: Counter[UUID] = Counter()
    revenue: defaultdict[UUID, Decimal] = defaultdict(Decimal)
    names: dict[UUID, str] = {}
    for order in orders:  # newest first: the first name seen is the latest snapshot
        for line in order.lines:
            names.setdefault(line.product_id, line.name)
            if order.order_status is not OrderStatus.CANCELLED:
                quantity[line.product_id] += line.quantity
                revenue[line.product_id] += line.total
    ranked = sorted(
        (pid for pid in quantity if quantity[pid] > 0),
        key=lambda pid: (-quantity[pid], -revenue[pid], str(pid)),
    )
    return tuple(
        TopProduct(pid, names[pid], quantity[pid], revenue[pid]) for pid in ranked[:TOP_PRODUCTS]
    )
