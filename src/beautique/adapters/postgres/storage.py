"""PostgresStorage: every Postgres-backed port over one connection pool."""

from __future__ import annotations

from .admins import PostgresAdminRepository
from .database import PostgresDatabase, PostgresTimeouts
from .idempotency import PostgresIdempotencyStore
from .migrate import migrate_postgres
from .order_queries import PostgresOrderQueries
from .orders import PostgresOrderRepository
from .products import PostgresCatalogVersion, PostgresProductRepository


class PostgresStorage:
    def __init__(
        self,
        conninfo: str,
        *,
        max_size: int,
        prepare_threshold: int | None,
        timeouts: PostgresTimeouts | None = None,
    ) -> None:
        self.db = PostgresDatabase(
            conninfo, max_size=max_size, prepare_threshold=prepare_threshold, timeouts=timeouts
        )
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
        try:  # short waits: a readiness probe must answer quickly either way
            async with self.db.connection(pool_wait=1, deadline=1) as conn:
                await conn.execute("SELECT 1")
            return True
        except Exception:
            return False
