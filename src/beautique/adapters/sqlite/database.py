"""SqliteDatabase: a small pool of sqlite3 connections, used only from worker threads."""

from __future__ import annotations

import asyncio
import queue
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from beautique.application.errors import StorageUnavailable

T = TypeVar("T")
BUSY_TIMEOUT_MS = 30_000


class SqliteDatabase:
    """Runs each unit of work in a thread, in its own transaction, on a pooled connection.

    Writes start with BEGIN IMMEDIATE so two writers queue on SQLite's lock up front instead
    of failing with SQLITE_BUSY half-way through (the busy timeout covers the wait).
    """

    def __init__(self, path: Path, pool_size: int = 4) -> None:
        self.path = path
        self._idle: queue.LifoQueue[sqlite3.Connection] = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(pool_size)
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
        )
        conn.row_factory = sqlite3.Row
        # SQLite's lower() and LIKE fold ASCII only; catalogue search, colour filter and name
        # sort need Python's Unicode str.lower (close to what Postgres lower() does).
        conn.create_function(
            "unicode_lower",
            1,
            lambda text: None if text is None else str(text).lower(),
            deterministic=True,
        )
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        with self._lock:
            self._all.append(conn)
        return conn

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        """A pooled connection for this thread (blocks while all are busy)."""
        self._slots.acquire()
        try:
            try:
                conn = self._idle.get_nowait()
            except queue.Empty:
                conn = self._connect()
            try:
                yield conn
            finally:
                self._idle.put(conn)
        except sqlite3.OperationalError as exc:
            if "unable to open" in str(exc):
                raise StorageUnavailable() from exc
            raise
        finally:
            self._slots.release()

    def transact(self, work: Callable[[sqlite3.Connection], T], *, write: bool) -> T:
        """Run `work` in one transaction on this thread; roll back if it raises."""
        with self.connection() as conn:
            conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                result = work(conn)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
            return result

    async def read(self, work: Callable[[sqlite3.Connection], T]) -> T:
        return await asyncio.to_thread(self.transact, work, write=False)

    async def write(self, work: Callable[[sqlite3.Connection], T]) -> T:
        return await asyncio.to_thread(self.transact, work, write=True)

    def close(self) -> None:
        with self._lock:
            for conn in self._all:
                conn.close()
            self._all.clear()
        while not self._idle.empty():
            self._idle.get_nowait()
