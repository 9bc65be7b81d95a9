"""PostgresDatabase: the async pool, created closed and opened by the app lifespan.

Every wait on the database is bounded, so a request fails within seconds (503) instead of
hanging when the database is slow, down or silently unreachable:

- connecting gives up after `connect` seconds, waiting for a pooled connection after `pool_wait`;
- the server cancels any statement running longer than `statement` seconds;
- TCP keepalives notice a peer that vanished while a connection sat idle in the pool;
- a transaction whose answers stop coming (a stalled link: no error ever arrives, so neither
  the server's timeout nor TCP can end the wait) has its socket shut down by a watchdog one
  second after the statement timeout, which fails the pending read at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import time
import weakref
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from beautique.application.errors import StorageUnavailable

Row = dict[str, Any]
AsyncConn = psycopg.AsyncConnection[Row]
# Must be the transaction's first statement.
CHECK_AFTER_IDLE = 2.0  # seconds; see PostgresDatabase._check
SNAPSHOT = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"
# Probe an idle connection after 10 s of silence, every 3 s, and drop it after 3 unanswered
# probes; unacknowledged data gives up after 10 s.
KEEPALIVES: dict[str, Any] = {
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 3,
    "keepalives_count": 3,
    "tcp_user_timeout": 10_000,
}


@dataclass(frozen=True, slots=True)
class PostgresTimeouts:
    """Seconds. `statement` 0 leaves the statement timeout to the server (or the database role),
    for poolers that refuse the `options` startup parameter."""

    connect: int = 3
    statement: int = 5
    pool_wait: int = 3

    @property
    def transaction(self) -> float:
        """The watchdog's bound on one transaction: just past the server's own timeout."""
        return (self.statement or 5) + 1


class PostgresDatabase:
    """Few connections (Neon allows few), dict rows, prepared statements configurable."""

    def __init__(
        self,
        conninfo: str,
        *,
        max_size: int = 5,
        prepare_threshold: int | None = 5,
        timeouts: PostgresTimeouts | None = None,
    ):
        self.conninfo = conninfo
        self.prepare_threshold = prepare_threshold
        self.timeouts = timeouts or PostgresTimeouts()
        self.pool: AsyncConnectionPool[AsyncConn] = AsyncConnectionPool(
            conninfo,
            min_size=1,
            max_size=max_size,
            open=False,
            timeout=self.timeouts.pool_wait,
            kwargs={
                "row_factory": dict_row,
                "prepare_threshold": prepare_threshold,
                **_session_parameters(conninfo, self.timeouts),
            },
            configure=None,
            check=self._check,
            reset=self._returned,
        )
        # When each idle connection came back to the pool (see _check).
        self._returned_at: weakref.WeakKeyDictionary[AsyncConn, float] = weakref.WeakKeyDictionary()

    async def open(self) -> None:
        await self.pool.open(wait=False)

    async def close(self) -> None:
        await self.pool.close()

    @asynccontextmanager
    async def connection(
        self, *, pool_wait: float | None = None, deadline: float | None = None
    ) -> AsyncIterator[AsyncConn]:
        """A pooled connection inside one transaction (committed on success), bounded in time."""
        try:
            async with self.pool.connection(timeout=pool_wait) as conn:
                with _watchdog(conn, deadline or self.timeouts.transaction):
                    async with conn.transaction():
                        yield conn
        except (PoolTimeout, psycopg.OperationalError, psycopg.InterfaceError) as exc:
            raise StorageUnavailable() from exc

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncConn]:
        """A pooled connection in autocommit mode, bounded in time like `connection`: each
        statement is its own transaction, and `conn.transaction()` groups some."""
        try:
            async with self.pool.connection() as conn:
                with _watchdog(conn, self.timeouts.transaction):
                    await conn.set_autocommit(True)
                    try:
                        yield conn
                    finally:
                        if not conn.closed:  # the pool lends connections as it made them
                            await conn.set_autocommit(False)
        except (PoolTimeout, psycopg.OperationalError, psycopg.InterfaceError) as exc:
            raise StorageUnavailable() from exc

    @asynccontextmanager
    async def snapshot(self) -> AsyncIterator[AsyncConn]:
        """A pooled connection in one REPEATABLE READ, READ ONLY transaction: every read in it
        sees the same moment (a page and its total, a dashboard's figures)."""
        async with self.connection() as conn:
            await conn.execute(SNAPSHOT)
            yield conn

    async def connect_direct(self) -> AsyncConn:
        """A connection outside the pool, for LISTEN or migrations (caller closes it). No
        statement timeout: a migration may wait for another instance's migration lock."""
        return await psycopg.AsyncConnection.connect(
            self.conninfo,
            autocommit=True,
            row_factory=dict_row,
            prepare_threshold=self.prepare_threshold,
            connect_timeout=self.timeouts.connect,
            **KEEPALIVES,
        )

    async def _returned(self, conn: AsyncConn) -> None:
        self._returned_at[conn] = time.monotonic()

    async def _check(self, conn: AsyncConn) -> None:
        """The pool's check of a connection before lending it, bounded like any other wait.

        A connection that came back healthy moments ago is lent without a round trip: under
        load that is every connection, and the check would add a round trip to every
        transaction. One that sat idle longer (Neon suspends, links die quietly) is checked."""
        if time.monotonic() - self._returned_at.get(conn, -CHECK_AFTER_IDLE) < CHECK_AFTER_IDLE:
            return
        with _watchdog(conn, self.timeouts.connect):
            await AsyncConnectionPool.check_connection(conn)


def _session_parameters(conninfo: str, timeouts: PostgresTimeouts) -> dict[str, Any]:
    parameters: dict[str, Any] = {"connect_timeout": timeouts.connect, **KEEPALIVES}
    if timeouts.statement:
        # Appended to any options the URL already carries (Neon's `endpoint=` for old clients).
        given = str(conninfo_to_dict(conninfo).get("options") or "")
        limit = f"-c statement_timeout={timeouts.statement * 1000}"
        parameters["options"] = f"{given} {limit}".strip()
    return parameters


@contextmanager
def _watchdog(conn: AsyncConn, seconds: float) -> Iterator[None]:
    """Shuts the connection's socket down if the block outlives `seconds`, so a read waiting
    on a silent link fails at once instead of when TCP gives up (minutes later, if ever)."""
    timer = asyncio.get_running_loop().call_later(seconds, _shut_down, conn)
    try:
        yield
    finally:
        timer.cancel()


def _shut_down(conn: AsyncConn) -> None:
    try:
        link = socket.socket(fileno=os.dup(conn.pgconn.socket))
    except (OSError, psycopg.Error):
        return  # already closed
    with link, contextlib.suppress(OSError):
        link.shutdown(socket.SHUT_RDWR)
