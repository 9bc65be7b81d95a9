"""InMemoryStorage: every storage port in process memory (one event loop, no threads)."""

from __future__ import annotations

from .admins import InMemoryAdminRepository
from .order_queries import InMemoryOrderQueries
from .orders import InMemoryIdempotencyStore, InMemoryOrderRepository
from .products import InMemoryCatalogVersion, InMemoryProductRepository


class InMemoryStorage:
    def __init__(self) -> None:
        self.catalog_version = InMemoryCatalogVersion()
        self.products = InMemoryProductRepository(self.catalog_version)
        self.idempotency = InMemoryIdempotencyStore()
        self.orders = InMemoryOrderRepository(self.idempotency, self.products)
        self.order_queries = InMemoryOrderQueries(self.orders)
        self.admins = InMemoryAdminRepository()

    async def open(self) -> None:
        """Nothing to open."""

    async def close(self) -> None:
        """Nothing to close."""

    async def migrate(self) -> list[str]:
        return []

    async def ping(self) -> bool:
        return True
