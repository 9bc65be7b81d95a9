"""SeedDemoOrders: realistic orders over the last 60 days, written in bulk, so a new install's
dashboard is alive and a benchmark can build 100,000 orders in seconds.

Orders are priced from the active catalogue, numbered from the real per-day sequences (a block
reserved per day, so later checkouts continue after them), and moved along their statuses through
the Order's own rules, so every history is one a real admin could have made. Each run adds more.
"""

from __future__ import annotations

import asyncio
import functools
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from beautique.domain.order import Customer, Order, OrderLine, StatusChange, StatusField
from beautique.domain.order_id import OrderId, business_day
from beautique.domain.order_status import DeliveryStatus, OrderStatus, PaymentMethod, PaymentStatus
from beautique.domain.product import Product

from .demo_customers import demo_customer
from .errors import Conflict
from .ports import Clock, OrderRepository, ProductRepository
from .queries import PageRequest, ProductQuery

DAYS = 60
CHUNK = 2000  # orders per bulk write (one transaction each)
ADMIN = "admin"
METHODS = (PaymentMethod.EASYPAISA, PaymentMethod.MEEZAN_BANK, PaymentMethod.INTERNATIONAL_BANK)


@dataclass(frozen=True, slots=True)
class _Step:
    payment: PaymentStatus | None = None
    order: OrderStatus | None = None
    delivery: DeliveryStatus | None = None


BOOK_COURIER = _Step(delivery=DeliveryStatus.IN_PROGRESS)
# The road an order travels, one admin action per step; stage n has taken the first n steps.
STEPS = (
    _Step(payment=PaymentStatus.PAID),
    _Step(payment=PaymentStatus.VERIFIED, order=OrderStatus.PROCESSING),
    BOOK_COURIER,
    _Step(order=OrderStatus.READY, delivery=DeliveryStatus.OUT_FOR_DELIVERY),
    _Step(order=OrderStatus.DELIVERED),
)
CANCEL = _Step(order=OrderStatus.CANCELLED)


@dataclass(frozen=True, slots=True)
class SeedDemoOrders:
    """Demo orders over the last weeks, numbered and dated in the store's business days."""

    products: ProductRepository
    orders: OrderRepository
    clock: Clock
    store_zone: ZoneInfo

    async def __call__(self, count: int, *, seed: int | None = None) -> int:
        """Add `count` orders; returns how many were added."""
        catalogue = await self._active_products()
        if not catalogue:
            raise Conflict("The catalogue has no active product to order")
        rng = random.Random(seed)  # noqa: S311 - demo data, not secrets
        now = self.clock.now()
        moments = sorted(
            now - timedelta(seconds=rng.uniform(0, DAYS * 86400)) for _ in range(count)
        )
        by_day: defaultdict[date, list[datetime]] = defaultdict(list)
        for moment in moments:
            by_day[business_day(moment, self.store_zone)].append(moment)
        placed: list[tuple[OrderId, datetime]] = []
        for day, moments_of_day in by_day.items():
            first = await self.orders.reserve_numbers(day, len(moments_of_day))
            placed += [
                (OrderId.compose(day, number), at)
                for number, at in enumerate(moments_of_day, start=first)
            ]
        await self._write(rng, catalogue, placed, now)
        return count

    async def _write(
        self,
        rng: random.Random,
        catalogue: Sequence[Product],
        placed: Sequence[tuple[OrderId, datetime]],
        now: datetime,
    ) -> None:
        """Builds the next chunk in a worker thread while the store writes the previous one."""

        # Shoppers come back: about three orders per customer, each with their own phone spelling.
        customers = [demo_customer(rng) for _ in range(max(1, len(placed) // 3))]

        def build(chunk: Sequence[tuple[OrderId, datetime]]) -> list[Order]:
            return [
                demo_order(rng, catalogue, order_id, at, now, rng.choice(customers))
                for order_id, at in chunk
            ]

        writing: asyncio.Task[None] | None = None
        try:
            for start in range(0, len(placed), CHUNK):
                orders = await asyncio.to_thread(build, placed[start : start + CHUNK])
                if writing is not None:
                    await writing
                writing = asyncio.create_task(self.orders.add_many(orders))
        finally:
            if writing is not None:
                await writing

    async def _active_products(self) -> list[Product]:
        found: list[Product] = []
        for page in range(1, 1000):
            query = ProductQuery(is_active=True, paging=PageRequest(page, 50))
            batch = (await self.products.search(query)).items
            found.extend(batch)
            if len(batch) < 50:
                break
        return found


def demo_order(
    rng: random.Random,
    catalogue: Sequence[Product],
    order_id: OrderId,
    at: datetime,
    now: datetime,
    customer: Customer,
) -> Order:
    """A placed order moved along its road by an admin; older orders have gone further and about
    one in fifteen was cancelled early on."""
    age_days = (now - at).total_seconds() / 86400
    stage = min(len(STEPS), int(age_days * rng.uniform(0.4, 1.2)))
    cancelled = stage >= 1 and rng.random() < 0.07
    road = _road(rng.randint(0, 2) if cancelled else stage, cancelled)
    times = sorted(at + (now - at) * 0.9 * rng.random() for _ in range(road.steps))
    history = tuple(
        StatusChange(times[step], field, from_, to, ADMIN)
        for step, field, from_, to in road.changes
    )
    booked = times[road.booked] if road.booked is not None else None
    abroad = customer.country != "Pakistan"
    return Order(
        id=time_ordered_uuid(at, rng),
        order_id=order_id,
        customer=customer,
        lines=_lines(rng, catalogue),
        payment_method=PaymentMethod.INTERNATIONAL_BANK if abroad else rng.choice(METHODS[:2]),
        order_date=order_id.day,
        created_at=at,
        updated_at=times[-1] if times else at,
        payment_status=road.final.payment_status,
        order_status=road.final.order_status,
        delivery_status=road.final.delivery_status,
        estimated_delivery=order_id.day + timedelta(days=rng.randint(3, 6)) if booked else None,
        tracking_notes=f"Booked with TCS, consignment {rng.randint(10**9, 10**10 - 1)}"
        if booked
        else None,
        history=history,
    )


def time_ordered_uuid(at: datetime, rng: random.Random) -> UUID:
    """A UUIDv7 (RFC 9562): milliseconds since the epoch, then random bits. Demo orders are
    written oldest first, so their ids append to the B-trees instead of landing all over them."""
    millis = int(at.timestamp() * 1000) & (2**48 - 1)
    value = (millis << 80) | (0x7 << 76) | (rng.getrandbits(12) << 64)
    return UUID(int=value | (0b10 << 62) | rng.getrandbits(62))


def _lines(rng: random.Random, catalogue: Sequence[Product]) -> tuple[OrderLine, ...]:
    count = min(len(catalogue), rng.choices((1, 2, 3, 4), cum_weights=(40, 70, 90, 100))[0])
    return tuple(
        OrderLine(
            product_id=product.id,
            name=product.name,
            size=rng.choice(product.sizes),
            color=rng.choice(product.colors),
            quantity=rng.choices((1, 2, 3), cum_weights=(70, 92, 100))[0],
            unit_price=product.effective_price,
            image=product.images[0] if product.images else None,
        )
        for product in rng.sample(catalogue, count)
    )


@dataclass(frozen=True, slots=True)
class _Road:
    """What `steps` admin actions did to a new order: its final statuses, and each change with
    the index of the step that made it; `booked` is the step that booked the courier."""

    steps: int
    final: Order
    changes: tuple[tuple[int, StatusField, str, str], ...]
    booked: int | None


@functools.cache
def _road(stage: int, cancelled: bool) -> _Road:
    """Walked once per road through the Order's own rules, so every demo history is legal."""
    taken = STEPS[:stage] + ((CANCEL,) if cancelled else ())
    order = _TEMPLATE
    changes: list[tuple[int, StatusField, str, str]] = []
    for index, step in enumerate(taken):
        before = len(order.history)
        order = order.change_status(
            payment=step.payment, order=step.order, delivery=step.delivery, by=ADMIN, now=_EPOCH
        )
        changes += [(index, c.field, c.from_, c.to) for c in order.history[before:]]
    booked = STEPS.index(BOOK_COURIER) if BOOK_COURIER in taken else None
    return _Road(len(taken), order, tuple(changes), booked)


_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
_TEMPLATE = Order(
    id=UUID(int=0),
    order_id=OrderId.compose(_EPOCH.date(), 1),
    customer=Customer("Template", "0300 0000000", "+923000000000", "", None, "", "", "", None),
    lines=(),
    payment_method=PaymentMethod.EASYPAISA,
    order_date=_EPOCH.date(),
    created_at=_EPOCH,
    updated_at=_EPOCH,
)
