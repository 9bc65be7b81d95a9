"""Ports: what the use cases need from the world, as typing.Protocols named for their role.

Adapters do not inherit from these; mypy checks the fit where the container wires them.
They are runtime-checkable because Litestar type-checks injected dependencies with
isinstance(). Every storage call is one atomic operation (its own transaction); where a use case needs
reads and writes to be atomic together (checkout), one port method takes a callback, so there is no
unit-of-work object.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol, runtime_checkable
from uuid import UUID

from beautique.domain.admin import AdminUser
from beautique.domain.catalog import Category
from beautique.domain.order import Order
from beautique.domain.order_id import OrderId
from beautique.domain.product import Product

# The records an IdempotencyStore keeps live with their values; importable from here too.
from .idempotency_records import ClaimState as ClaimState
from .idempotency_records import IdempotencyClaim as IdempotencyClaim
from .idempotency_records import KeyCompletion as KeyCompletion
from .idempotency_records import KeyLease as KeyLease
from .idempotency_records import StoredResponse as StoredResponse
from .images import ImageProcessor as ImageProcessor
from .images import ImageStore as ImageStore
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
        """Store a changed product (compare-and-set): only if the stored revision is still the
        one it was changed from (`product.version - 1`). False when it does not exist; raises
        StaleWrite when someone else saved another revision meanwhile."""
        ...

    async def delete(self, product_id: UUID, *, version: int | None = None) -> bool:
        """Remove a product for good; False when it does not exist. With `version`, only that
        revision is removed: raises StaleWrite when the stored one is another."""
        ...

    async def image_urls_in_use(self, urls: Collection[str]) -> set[str]:
        """Those of `urls` that some product still lists among its images."""
        ...

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

    async def place(
        self, product_ids: Collection[UUID], business_day: date, price: PriceCart
    ) -> Order:
        """Checkout's write: read the products, `price(products)` the cart (it raises on a
        refused one: nothing is stored and no number taken), take the day's next number (1, 2,
        ...; never the same twice) and store the order the priced cart makes with it, with its
        key completion if it has one. One call where checkout used to make three: SQLite does it
        all in one transaction; PostgreSQL takes the number in a statement of its own, so
        checkouts never queue behind each other's inserts, and a write that fails after that
        leaves a gap in the day's numbers."""
        ...

    async def reserve_numbers(self, business_day: date, count: int) -> int:
        """Atomically allocate `count` consecutive numbers of the day (bulk demo data); returns
        the first."""
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


# Checkout's two steps inside OrderRepository.place: price the cart from the products read (or
# raise), then, with the number taken, make the order and (under an Idempotency-Key) the response
# to store under the key with it.
NumberOrder = Callable[[int], tuple[Order, KeyCompletion | None]]
PriceCart = Callable[[Mapping[UUID, Product]], NumberOrder]


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
