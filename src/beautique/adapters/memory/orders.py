"""In-memory order storage: the reference behaviour the SQL adapters are tested against.

Everything runs on one event loop with no `await` inside a method body, so each method is
atomic exactly as a database transaction would be.
"""

from __future__ import annotations

import secrets
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from uuid import UUID

from beautique.application.errors import Conflict, LeaseLost
from beautique.application.ports import (
    ClaimState,
    IdempotencyClaim,
    KeyCompletion,
    KeyLease,
    PriceCart,
    StoredResponse,
)
from beautique.domain.order import Order
from beautique.domain.order_id import OrderId

from .products import InMemoryProductRepository


class InMemoryOrderRepository:
    """Orders by UUID; an order id is unique; a save built on a stale copy is refused; one
    counter per business day numbers them from 1."""

    def __init__(self, keys: InMemoryIdempotencyStore, products: InMemoryProductRepository) -> None:
        self._orders: dict[UUID, Order] = {}
        self._by_order_id: dict[str, UUID] = {}
        self._last_number: dict[date, int] = {}
        self._keys = keys
        self._products = products

    def _add(self, order: Order, completion: KeyCompletion | None = None) -> None:
        if order.id in self._orders or order.order_id.value in self._by_order_id:
            raise Conflict(f"Order {order.order_id} already exists")
        if completion is not None:
            self._keys.finish(completion)  # raises LeaseLost before anything is stored
        self._orders[order.id] = order
        self._by_order_id[order.order_id.value] = order.id

    async def get(self, order_uuid: UUID) -> Order | None:
        return self._orders.get(order_uuid)

    async def get_by_order_id(self, order_id: OrderId) -> Order | None:
        found = self._by_order_id.get(order_id.value.upper())
        return None if found is None else self._orders[found]

    async def add_many(self, orders: Sequence[Order]) -> None:
        ids = {order.id for order in orders} | {order.order_id.value for order in orders}
        taken = any(
            order.id in self._orders or order.order_id.value in self._by_order_id
            for order in orders
        )
        if taken or len(ids) != 2 * len(orders):
            raise Conflict("Some of these orders already exist")
        for order in orders:
            self._add(order)

    async def save(self, order: Order, *, unchanged_since: datetime | None = None) -> bool:
        stored = self._orders.get(order.id)
        if stored is None:
            return False
        stale = unchanged_since is not None and stored.updated_at != unchanged_since
        if stale or order.history[: len(stored.history)] != stored.history:
            raise Conflict(f"Order {order.order_id} was changed meanwhile; reload and retry")
        self._orders[order.id] = order
        return True

    async def place(
        self, product_ids: Collection[UUID], business_day: date, price: PriceCart
    ) -> Order:
        products = await self._products.get_many(product_ids)  # no await suspends: atomic
        numbered = price(products)
        number = self._last_number.get(business_day, 0) + 1
        order, completion = numbered(number)
        self._add(order, completion)
        self._last_number[business_day] = number  # taken only once the order is stored
        return order

    async def reserve_numbers(self, business_day: date, count: int) -> int:
        first = self._last_number.get(business_day, 0) + 1
        self._last_number[business_day] = first + count - 1
        return first

    def all(self) -> list[Order]:
        """Every stored order (for the in-memory read side)."""
        return list(self._orders.values())


# Expired entries removed per claim: bounded, so no claim pays for a long backlog.
PURGE_BATCH = 100


@dataclass(slots=True)
class _Entry:
    fingerprint: str
    token: str
    expires_at: datetime  # the lease's end while in flight, the end of replays once finished
    replay_until: datetime
    response: StoredResponse | None = None  # None while the request is in flight


class InMemoryIdempotencyStore:
    """A key belongs to one request body until it expires; finished responses are replayed."""

    def __init__(self) -> None:
        self._entries: dict[str, _Entry] = {}

    async def claim(
        self, key: str, fingerprint: str, now: datetime, *, lease_seconds: int, ttl_seconds: int
    ) -> IdempotencyClaim:
        self._purge(now, keep=key)
        entry = self._entries.get(key)
        if entry is None or entry.expires_at <= now:
            lease = KeyLease(key, secrets.token_hex(16), now + timedelta(seconds=ttl_seconds))
            lease_end = now + timedelta(seconds=lease_seconds)
            self._entries[key] = _Entry(fingerprint, lease.token, lease_end, lease.replay_until)
            return IdempotencyClaim(ClaimState.NEW, lease=lease)
        if entry.fingerprint != fingerprint:
            return IdempotencyClaim(ClaimState.MISMATCH)
        if entry.response is None:
            return IdempotencyClaim(ClaimState.IN_FLIGHT)
        return IdempotencyClaim(ClaimState.REPLAY, entry.response)

    def finish(self, completion: KeyCompletion) -> None:
        """Store the response under the key, if the lease is still the caller's (else LeaseLost)."""
        entry = self._held(completion.lease)
        if entry is None:
            raise LeaseLost()
        entry.response = completion.response
        entry.expires_at = entry.replay_until

    async def release(self, lease: KeyLease) -> None:
        if self._held(lease) is not None:
            del self._entries[lease.key]

    def _held(self, lease: KeyLease) -> _Entry | None:
        entry = self._entries.get(lease.key)
        if entry is None or entry.token != lease.token or entry.response is not None:
            return None
        return entry

    def _purge(self, now: datetime, keep: str) -> None:
        expired = [k for k, e in self._entries.items() if e.expires_at <= now and k != keep]
        for key in expired[:PURGE_BATCH]:
            del self._entries[key]
