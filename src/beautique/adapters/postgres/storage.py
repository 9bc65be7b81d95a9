"""PostgresStorage: every Postgres-backed port over one connection pool."""

from __future__ import annotations

from .admins import PostgresAdminRepository
from .database import PostgresDatabase
from .idempotency import PostgresIdempotencyStore
from .migrate import migrate_postgres
from .order_queries import PostgresOrderQueries
from .orders import PostgresOrderRepository
from .products import PostgresCatalogVersion, PostgresProductRepository


class PostgresStorage:
    def __init__(self, conninfo: str, *, max_size: int, prepare_threshold: int | None) -> None:
        self.db = PostgresDatabase(conninfo, max_size=max_size, prepare_threshold=prepare_threshold)
        self.products = PostgresProductRepository(self.db)
        self.catalog_version = PostgresCatalogVersion(self.db)
        self.orders = PostgresOrderRepository(self.db)
        self.order_queries = PostgresOrderQueries(self.db)
        self.idempotency = PostgresIdempotencyStore(self.db)
        self.admins = PostgresAdminRepository(self.db)

    async def open(self) -> None:
        await self.db.open()

    async def close(self) -> None:
        await self.db.close()

    async def migrate(self) -> list[str]:
        return await migrate_postgres(self.db)

    async def ping(self) -> bool:
        try:  # a short wait: a readiness probe must answer quickly either way
            async with self.db.pool.connection(timeout=2) as conn:
                await conn.execute("SELECT 1")
            return True
        except Exception:
            return False
