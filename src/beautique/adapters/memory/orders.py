"""In-memory order storage: the reference behaviour the SQL adapters are tested against.

Everything runs on one event loop with no `await` inside a method body, so each method is
atomic exactly as a database transaction would be.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from uuid import UUID

from beautique.application.errors import Conflict
from beautique.application.ports import ClaimState, IdempotencyClaim, StoredResponse
from beautique.domain.order import Order
from beautique.domain.order_id import OrderId


class InMemoryOrderRepository:
    """Orders by UUID; an order id is unique; a save built on a stale copy is refused."""

    def __init__(self) -> None:
        self._orders: dict[UUID, Order] = {}
        self._by_order_id: dict[str, UUID] = {}

    async def add(self, order: Order) -> None:
        if order.id in self._orders or order.order_id.value in self._by_order_id:
            raise Conflict(f"Order {order.order_id} already exists")
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
            await self.add(order)

    async def save(self, order: Order, *, unchanged_since: datetime | None = None) -> bool:
        stored = self._orders.get(order.id)
        if stored is None:
            return False
        stale = unchanged_since is not None and stored.updated_at != unchanged_since
        if stale or order.history[: len(stored.history)] != stored.history:
            raise Conflict(f"Order {order.order_id} was changed meanwhile; reload and retry")
        self._orders[order.id] = order
        return True

    def all(self) -> list[Order]:
        """Every stored order (for the in-memory read side)."""
        return list(self._orders.values())


class InMemoryOrderSequence:
    """One counter per business day, from 1."""

    def __init__(self) -> None:
        self._last: dict[date, int] = {}

    async def next_number(self, business_day: date) -> int:
        return await self.reserve(business_day, 1)

    async def reserve(self, business_day: date, count: int) -> int:
        first = self._last.get(business_day, 0) + 1
        self._last[business_day] = first + count - 1
        return first


@dataclass(slots=True)
class _Entry:
    fingerprint: str
    expires_at: datetime
    response: StoredResponse | None = None  # None while the request is in flight


class InMemoryIdempotencyStore:
    """A key belongs to one request body until it expires; finished responses are replayed."""

    def __init__(self) -> None:
        self._entries: dict[str, _Entry] = {}

    async def claim(
        self, key: str, fingerprint: str, now: datetime, ttl_seconds: int
    ) -> IdempotencyClaim:
        entry = self._entries.get(key)
        if entry is None or entry.expires_at <= now:
            self._entries[key] = _Entry(fingerprint, now + timedelta(seconds=ttl_seconds))
            return IdempotencyClaim(ClaimState.NEW)
        if entry.fingerprint != fingerprint:
            return IdempotencyClaim(ClaimState.MISMATCH)
        if entry.response is None:
            return IdempotencyClaim(ClaimState.IN_FLIGHT)
        return IdempotencyClaim(ClaimState.REPLAY, entry.response)

    async def complete(self, key: str, response: StoredResponse) -> None:
        entry = self._entries.get(key)
        if entry is not None:
            entry.response = response

    async def release(self, key: str) -> None:
        entry = self._entries.get(key)
        if entry is not None and entry.response is None:
            del self._entries[key]
