"""SqliteStorage: every SQLite-backed port over one database file."""

from __future__ import annotations

import asyncio
from pathlib import Path

from .admins import SqliteAdminRepository
from .database import BUSY_TIMEOUT_SECONDS, SqliteDatabase
from .idempotency import SqliteIdempotencyStore
from .migrate import migrate_sqlite
from .order_queries import SqliteOrderQueries
from .orders import SqliteOrderRepository
from .products import SqliteCatalogVersion, SqliteProductRepository


class SqliteStorage:
    def __init__(self, path: Path, busy_timeout: float = BUSY_TIMEOUT_SECONDS) -> None:
        self.db = SqliteDatabase(path, busy_timeout=busy_timeout)
        self.products = SqliteProductRepository(self.db)
        self.catalog_version = SqliteCatalogVersion(self.db)
        self.orders = SqliteOrderRepository(self.db)
        self.order_queries = SqliteOrderQueries(self.db)
        self.idempotency = SqliteIdempotencyStore(self.db)
        self.admins = SqliteAdminRepository(self.db)

    async def open(self) -> None:
        """Nothing to open: connections are made on first use, in worker threads."""

    async def close(self) -> None:
        await asyncio.to_thread(self.db.close)

    async def migrate(self) -> list[str]:
        return await asyncio.to_thread(migrate_sqlite, self.db)

    async def ping(self) -> bool:
        """Ready means checkouts can be written: a file another process keeps locked is not."""
        try:
            return await self.db.can_write(within=1.0)
        except Exception:
            return False
