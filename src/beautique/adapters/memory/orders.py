"""In-memory order storage: the reference behaviour the SQL adapters are tested against.

Everything runs on one event loop with no `await` inside a method body, so each method is
atomic exactly as a database transaction would be.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from uuid import UUID

from beautique.application.errors import Conflict
from beautique.application.ports import ClaimState, IdempotencyClaim, StoredResponse
from beautique.domain.order import Order
from beautique.domain.order_id import OrderId


class InMemoryOrderRepository:
    """Orders by UUID; an order id is unique; a save built on a stale copy is refused; one
    counter per business day numbers them from 1."""

    def __init__(self) -> None:
        self._orders: dict[UUID, Order] = {}
        self._by_order_id: dict[str, UUID] = {}
        self._last_number: dict[date, int] = {}

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

    async def save(self, order: Order) -> bool:
        stored = self._orders.get(order.id)
        if stored is None:
            return False
        if order.history[: len(stored.history)] != stored.history:
            raise Conflict(f"Order {order.order_id} was changed meanwhile; reload and retry")
        self._orders[order.id] = order
        return True

    async def next_number(self, business_day: date) -> int:
        number = self._last_number.get(business_day, 0) + 1
        self._last_number[business_day] = number
        return number

    def all(self) -> list[Order]:
        """Every stored order (for the in-memory read side)."""
        return list(self._orders.values())


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
