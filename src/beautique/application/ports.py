"""Ports: what the use cases need from the world, as typing.Protocols named for their role.

Adapters do not inherit from these; mypy checks the fit where the container wires them.
They are runtime-checkable because Litestar type-checks injected dependencies with
isinstance(). Every storage call is one atomic operation (its own transaction): the use cases here never
need more than one write to be atomic with another, so there is no unit-of-work object.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol, runtime_checkable
from uuid import UUID

from beautique.domain.admin import AdminUser
from beautique.domain.catalog import Category
from beautique.domain.order import Order
from beautique.domain.order_id import OrderId
from beautique.domain.product import Product

from .order_views import OrderListRow
from .queries import OrderQuery, Page, ProductQuery


@runtime_checkable
class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware (UTC)."""
        ...


# --- catalogue ---------------------------------------------------------------------------


@runtime_checkable
class ProductRepository(Protocol):
    async def add(self, product: Product) -> None: ...

    async def get(self, product_id: UUID) -> Product | None: ...

    async def get_many(self, product_ids: Collection[UUID]) -> dict[UUID, Product]: ...

    async def update(self, product: Product) -> bool:
        """Replace a stored product; False when it does not exist."""
        ...

    async def delete(self, product_id: UUID) -> bool: ...

    async def search(self, query: ProductQuery) -> Page[Product]: ...

    async def count_active_by_category(self) -> dict[Category, int]: ...

    async def count_all(self) -> int: ...


@runtime_checkable
class CatalogVersion(Protocol):
    async def current(self) -> int:
        """A number that changes whenever any process writes a product (cache validation)."""
        ...


# --- orders ------------------------------------------------------------------------------


@runtime_checkable
class OrderRepository(Protocol):
    async def add(self, order: Order, completion: KeyCompletion | None = None) -> None:
        """Store a new order. With a completion, its response is stored under the idempotency
        key in the same transaction, only while the lease is still the caller's; otherwise
        LeaseLost is raised and nothing is stored."""
        ...

    async def get(self, order_uuid: UUID) -> Order | None: ...

    async def get_by_order_id(self, order_id: OrderId) -> Order | None: ...

    async def save(self, order: Order) -> bool:
        """Store changed statuses, notes and history; False when it does not exist."""
        ...


@runtime_checkable
class OrderQueries(Protocol):
    """The admin screens' read side: plain read models computed by the store, never aggregates."""

    async def list_orders(self, query: OrderQuery) -> Page[OrderListRow]:
        """One page of matching orders, newest first (`created_at DESC, id DESC`)."""
        ...


@runtime_checkable
class OrderSequence(Protocol):
    async def next_number(self, business_day: date) -> int:
        """Atomically allocate the day's next order number (1, 2, ...), never the same twice."""
        ...


class ClaimState(StrEnum):
    NEW = "new"  # the caller owns the key and must complete or release it
    REPLAY = "replay"  # finished before: return the stored response
    IN_FLIGHT = "in_flight"  # another request holds the key right now
    MISMATCH = "mismatch"  # the key was used with a different request body


@dataclass(frozen=True, slots=True)
class StoredResponse:
    status: int
    body: bytes
    location: str | None = None


@dataclass(frozen=True, slots=True)
class KeyLease:
    """One attempt's hold on an Idempotency-Key. The token tells it from a retry that took the
    key over once the lease ran out: only the current token can finish or release the key."""

    key: str
    token: str
    replay_until: datetime  # a finished response is replayed until then


@dataclass(frozen=True, slots=True)
class KeyCompletion:
    """The response a finished checkout leaves under its key, written with its order."""

    lease: KeyLease
    response: StoredResponse


@dataclass(frozen=True, slots=True)
class IdempotencyClaim:
    state: ClaimState
    response: StoredResponse | None = None
    lease: KeyLease | None = None  # for NEW: the caller's hold on the key


@runtime_checkable
class IdempotencyStore(Protocol):
    async def claim(
        self, key: str, fingerprint: str, now: datetime, *, lease_seconds: int, ttl_seconds: int
    ) -> IdempotencyClaim:
        """Take the key for `lease_seconds` (NEW), unless another attempt's lease is running
        (IN_FLIGHT), it finished within `ttl_seconds` of its claim (REPLAY) or that was another
        body (MISMATCH). An expired lease or response is taken over. Also purges a bounded
        batch of other expired keys."""
        ...

    async def release(self, lease: KeyLease) -> None:
        """Give the key back after a failed attempt, unless a retry has taken it over since."""
        ...


@runtime_checkable
class PhoneNormalizer(Protocol):
    def to_e164(self, raw: str) -> str | None:
        """The number in E.164 (`+923001234567`), reading numbers without + in the default region."""
        ...


# --- admin -------------------------------------------------------------------------------


@runtime_checkable
class AdminRepository(Protocol):
    async def add(self, admin: AdminUser) -> None:
        """Store a new admin; raises Conflict when the username (case-insensitive) is taken."""
        ...

    async def get(self, admin_id: UUID) -> AdminUser | None: ...

    async def get_by_username(self, username: str) -> AdminUser | None: ...

    async def record_login(
        self, admin_id: UUID, at: datetime, password_hash: str | None = None
    ) -> None:
        """Store the sign-in time, and with it a password hash upgraded to the current cost."""
        ...

    async def count(self) -> int: ...

    async def set_active(self, admin_id: UUID, active: bool) -> bool:
        """Enable or disable an admin (a disabled admin's tokens stop working); False when unknown."""
        ...

    async def delete(self, admin_id: UUID) -> bool:
        """Remove an admin for good; False when unknown."""
        ...


@runtime_checkable
class PasswordHasher(Protocol):
    async def hash(self, password: str) -> str: ...

    async def verify(self, password: str, password_hash: str) -> bool: ...

    def needs_rehash(self, password_hash: str) -> bool:
        """True when a stored hash was made at another cost than new hashes are."""
        ...


@dataclass(frozen=True, slots=True)
class IssuedToken:
    token: str
    expires_in: int


@runtime_checkable
class TokenService(Protocol):
    def issue(self, admin_id: UUID, now: datetime) -> IssuedToken: ...

    def subject(self, token: str, now: datetime) -> UUID:
        """The admin id a valid token names; raises Unauthorized for any invalid token."""
        ...


# --- operations --------------------------------------------------------------------------


@runtime_checkable
class RateLimiter(Protocol):
    async def hit(self, bucket: str, limit: int, window_seconds: int) -> int | None:
        """Count one request in `bucket`; None when allowed, else seconds until retry."""
        ...


@runtime_checkable
class HealthProbe(Protocol):
    async def ping(self) -> bool:
        """True when the database answers."""
        ...
