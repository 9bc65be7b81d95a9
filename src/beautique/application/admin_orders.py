"""The owner's order screens: the list, one order in full, and status changes with their history."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Final, Literal, TypeVar
from uuid import UUID

from beautique.domain.errors import Problems
from beautique.domain.order import Order, tracking_notes_problem
from beautique.domain.order_status import DeliveryStatus, OrderStatus, PaymentStatus

from .errors import Conflict, NotFound
from .order_views import OrderListRow
from .params import OrderFilters, parse_order_filters
from .ports import Clock, OrderQueries, OrderRepository
from .queries import Page

ORDER_NOT_FOUND = "Order not found"
# Two admins on one order retry on each other's saves; a handful of rounds is plenty for people.
MAX_ATTEMPTS = 5
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
E = TypeVar("E", bound=StrEnum)


class _Keep(enum.Enum):
    KEEP = "keep"


KEEP: Final = _Keep.KEEP  # a field the request did not mention: the order keeps its value


def order_uuid_from(raw: str) -> UUID:
    """The order's UUID from a URL; anything else is the same 404 as an unknown order."""
    try:
        return UUID(raw.strip())
    except ValueError:
        raise NotFound(ORDER_NOT_FOUND) from None


class ListOrders:
    """Filters are parsed strictly (a bad one is a 422, never an empty page); newest first."""

    def __init__(self, queries: OrderQueries) -> None:
        self._queries = queries

    async def __call__(self, filters: OrderFilters) -> Page[OrderListRow]:
        return await self._queries.list_orders(parse_order_filters(filters))


class ShowOrder:
    """One order with every detail, its lines and its full history (who changed what)."""

    def __init__(self, orders: OrderRepository) -> None:
        self._orders = orders

    async def __call__(self, raw_id: str) -> Order:
        order = await self._orders.get(order_uuid_from(raw_id))
        if order is None:
            raise NotFound(ORDER_NOT_FOUND)
        return order


@dataclass(frozen=True, slots=True)
class StatusUpdate:
    """A status change as an admin sent it (strings trimmed). None = status not sent; KEEP =
    tracking field not sent; None or "" for a tracking field clears it."""

    payment_status: str | None = None
    order_status: str | None = None
    delivery_status: str | None = None
    estimated_delivery: str | Literal[_Keep.KEEP] | None = KEEP
    tracking_notes: str | Literal[_Keep.KEEP] | None = KEEP


@dataclass(frozen=True, slots=True)
class _Wanted:
    payment: PaymentStatus | None
    order: OrderStatus | None
    delivery: DeliveryStatus | None
    estimated_delivery: date | Literal[_Keep.KEEP] | None
    tracking_notes: str | Literal[_Keep.KEEP] | None


class ChangeOrderStatus:
    """Applies an admin's change through the order's own rules, recording who made it.

    The save is refused when someone else saved the order since it was read; the change is then
    re-read and re-applied, so two admins at once both land (or the later one gets the 409 its
    change now deserves, e.g. moving an order the other just cancelled).
    """

    def __init__(self, orders: OrderRepository, clock: Clock) -> None:
        self._orders = orders
        self._clock = clock

    async def __call__(self, raw_id: str, update: StatusUpdate, *, by: str) -> Order:
        order_uuid = order_uuid_from(raw_id)
        wanted = _parse(update)
        for _ in range(MAX_ATTEMPTS):
            current = await self._orders.get(order_uuid)
            if current is None:
                raise NotFound(ORDER_NOT_FOUND)
            changed = _apply(current, wanted, by, self._clock)
            if changed is current:  # nothing to change: no write, no history
                return current
            try:
                saved = await self._orders.save(changed, unchanged_since=current.updated_at)
            except Conflict:  # another admin saved first: read their result and apply again
                continue
            if not saved:
                raise NotFound(ORDER_NOT_FOUND)
            return changed
        raise Conflict("The order keeps changing under you; reload it and try again")


def _apply(order: Order, wanted: _Wanted, by: str, clock: Clock) -> Order:
    now = clock.now()
    changed = order.change_status(
        payment=wanted.payment, order=wanted.order, delivery=wanted.delivery, by=by, now=now
    )
    estimated = (
        order.estimated_delivery if wanted.estimated_delivery is KEEP else wanted.estimated_delivery
    )
    notes = order.tracking_notes if wanted.tracking_notes is KEEP else wanted.tracking_notes
    return changed.with_tracking(estimated_delivery=estimated, tracking_notes=notes, now=now)


def _parse(update: StatusUpdate) -> _Wanted:
    """Every problem of the request at once, as one RuleViolation (422)."""
    problems = Problems()
    notes = update.tracking_notes
    if notes is not KEEP:
        notes = notes or None  # an emptied notes box clears them
        if (problem := tracking_notes_problem(notes)) is not None:
            problems.add("tracking_notes", problem)
    wanted = _Wanted(
        payment=_status(problems, "payment_status", update.payment_status, PaymentStatus),
        order=_status(problems, "order_status", update.order_status, OrderStatus),
        delivery=_status(problems, "delivery_status", update.delivery_status, DeliveryStatus),
        estimated_delivery=_estimate(problems, update.estimated_delivery),
        tracking_notes=notes,
    )
    problems.raise_if_any()
    return wanted


def _status(problems: Problems, field: str, raw: str | None, enum_type: type[E]) -> E | None:
    if raw is None:
        return None
    try:
        return enum_type(raw)
    except ValueError:
        problems.add(field, f"must be one of {', '.join(member.value for member in enum_type)}")
        return None


def _estimate(
    problems: Problems, raw: str | Literal[_Keep.KEEP] | None
) -> date | Literal[_Keep.KEEP] | None:
    if raw is KEEP or not raw:  # null or an emptied date field clears the estimate
        return raw if raw is KEEP else None
    try:
        if _ISO_DATE.fullmatch(raw):  # fromisoformat also takes 20261121 and week dates
            return date.fromisoformat(raw)
    except ValueError:  # 2026-02-30
        pass
    problems.add("estimated_delivery", "must be a date YYYY-MM-DD or null")
    return KEEP
