"""Ports: what the use cases need from the world, as typing.Protocols named for their role.

Adapters do not inherit from these; mypy checks the fit where the container wires them.
They are runtime-checkable because Litestar type-checks injected dependencies with
isinstance(). Every storage call is one atomic operation (its own transaction): the use cases here never
need more than one write to be atomic with another, so there is no unit-of-work object.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
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

from .order_views import DashboardFigures, ExportPosition, ExportRow, OrderListRow
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
    async def add(self, order: Order) -> None: ...

    async def get(self, order_uuid: UUID) -> Order | None: ...

    async def get_by_order_id(self, order_id: OrderId) -> Order | None: ...

    async def add_many(self, orders: Sequence[Order]) -> None:
        """Store many new orders at once, all or none (bulk demo data); Conflict on a taken id."""
        ...

    async def save(self, order: Order, *, unchanged_since: datetime | None = None) -> bool:
        """Store changed statuses, notes and history; False when it does not exist.

        Raises Conflict when `order` was built on a stale copy: its history misses entries the
        stored order has, or (when given) the stored `updated_at` is no longer `unchanged_since`,
        the value the caller read, so a change to the notes alone is not overwritten either.
        """
        ...


@runtime_checkable
class OrderQueries(Protocol):
    """The admin screens' read side: plain read models computed by the store, never aggregates."""

    async def list_orders(self, query: OrderQuery) -> Page[OrderListRow]:
        """One page of matching orders, newest first (`created_at DESC, id DESC`)."""
        ...

    async def export_batch(
        self, query: OrderQuery, after: ExportPosition | None, size: int
    ) -> list[ExportRow]:
        """Up to `size` matching orders older than `after` (newest first, paging ignored), with
        their items, read in one short transaction of its own."""
        ...

    async def dashboard(self, first_day: date, last_day: date) -> DashboardFigures:
        """The dashboard's figures in one snapshot; `revenue_by_day` covers first..last_day."""
        ...


@runtime_checkable
class OrderSequence(Protocol):
    async def next_number(self, business_day: date) -> int:
        """Atomically allocate the day's next order number (1, 2, ...), never the same twice."""
        ...

    async def reserve(self, business_day: date, count: int) -> int:
        """Atomically allocate `count` consecutive numbers of the day; returns the first."""
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
class IdempotencyClaim:
    state: ClaimState
    response: StoredResponse | None = None


@runtime_checkable
class IdempotencyStore(Protocol):
    async def claim(
        self, key: str, fingerprint: str, now: datetime, ttl_seconds: int
    ) -> IdempotencyClaim:
        """Take the key for this request, unless it is held, finished or expired-and-reusable."""
        ...

    async def complete(self, key: str, response: StoredResponse) -> None: ...

    async def release(self, key: str) -> None:
        """Give a claimed key back after a failed request, so a retry can run."""
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

    async def record_login(self, admin_id: UUID, at: datetime) -> None: ...

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
