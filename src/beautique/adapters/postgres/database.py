"""PostgresDatabase: the async pool, created closed and opened by the app lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import psycopg
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from beautique.application.errors import StorageUnavailable

Row = dict[str, Any]
AsyncConn = psycopg.AsyncConnection[Row]
# Must be the transaction's first statement.
SNAPSHOT = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"


class PostgresDatabase:
    """Few connections (Neon allows few), dict rows, prepared statements configurable."""

    def __init__(self, conninfo: str, *, max_size: int = 5, prepare_threshold: int | None = 5):
        self.conninfo = conninfo
        self.prepare_threshold = prepare_threshold
        self.pool: AsyncConnectionPool[AsyncConn] = AsyncConnectionPool(
            conninfo,
            min_size=1,
            max_size=max_size,
            open=False,
            timeout=10,
            kwargs={"row_factory": dict_row, "prepare_threshold": prepare_threshold},
            configure=None,
            check=AsyncConnectionPool.check_connection,
        )

    async def open(self) -> None:
        await self.pool.open(wait=False)

    async def close(self) -> None:
        await self.pool.close()

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[AsyncConn]:
        """A pooled connection inside one transaction (committed on success)."""
        try:
            async with self.pool.connection() as conn, conn.transaction():
                yield conn
        except (PoolTimeout, psycopg.OperationalError) as exc:
            raise StorageUnavailable() from exc

    @asynccontextmanager
    async def snapshot(self) -> AsyncIterator[AsyncConn]:
        """A pooled connection in one REPEATABLE READ, READ ONLY transaction: every read in it
        sees the same moment (a page and its total, a dashboard's figures)."""
        async with self.connection() as conn:
            await conn.execute(SNAPSHOT)
            yield conn

    async def connect_direct(self) -> AsyncConn:
        """A connection outside the pool, for LISTEN or migrations (caller closes it)."""
        return await psycopg.AsyncConnection.connect(
            self.conninfo,
            autocommit=True,
            row_factory=dict_row,
            prepare_threshold=self.prepare_threshold,
        )
