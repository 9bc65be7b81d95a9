"""SqliteDatabase: a small pool of sqlite3 connections, used only from worker threads."""

from __future__ import annotations

import asyncio
import queue
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from beautique.application.errors import StorageUnavailable

from .group_commit import GroupCommit

T = TypeVar("T")
BUSY_TIMEOUT_SECONDS = 5.0
# sqlite3 reports these when the file is locked past the busy wait or cannot be opened.
_BUSY = ("database is locked", "database is busy")
_UNAVAILABLE = (*_BUSY, "unable to open")


def _unavailable(exc: BaseException) -> bool:
    """A locked or unopenable file: the store is unavailable for now (503), not broken."""
    return isinstance(exc, sqlite3.OperationalError) and any(r in str(exc) for r in _UNAVAILABLE)


# A writer in another process holds the lock for a batch of writes, then leaves it free for
# HANDOVER_SECONDS (group_commit.py): poll more often than that, rather than in SQLite's busy
# handler, whose sleeps grow to 10 ms and more while the lock sits free.
_POLL_FIRST, _POLL_MOST = 0.0002, 0.001


def _begin_immediate(conn: sqlite3.Connection, deadline: float) -> None:
    """BEGIN IMMEDIATE, retried until `deadline` while another process holds the write lock."""
    pause = _POLL_FIRST
    conn.execute("PRAGMA busy_timeout=0")
    try:
        while True:
            try:
                conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                busy = any(reason in str(exc) for reason in _BUSY)
                if not busy or time.monotonic() + pause >= deadline:
                    raise
            time.sleep(pause)
            pause = min(2 * pause, _POLL_MOST)
    finally:  # the transaction's own statements keep the bounded wait
        conn.execute(f"PRAGMA busy_timeout={max(1, int((deadline - time.monotonic()) * 1000))}")


class SqliteDatabase:
    """Runs each unit of work in a thread, in its own transaction, on a pooled connection.

    Writes start with BEGIN IMMEDIATE so two writers queue on SQLite's lock up front instead
    of failing with SQLITE_BUSY half-way through. The wait is bounded: a unit of work gets
    `busy_timeout` seconds from the moment it is submitted (queueing for a connection
    included), then fails with StorageUnavailable (503) instead of holding the request.
    """

    def __init__(
        self, path: Path, pool_size: int = 4, busy_timeout: float = BUSY_TIMEOUT_SECONDS
    ) -> None:
        self.path = path
        self.busy_timeout = busy_timeout
        self._idle: queue.LifoQueue[sqlite3.Connection] = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(pool_size)
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        # One writer at a time in this process: the group-commit thread and the readiness probe
        # queue here and are woken the moment the lock is free, instead of polling SQLite's lock.
        # Writers in other processes meet at BEGIN IMMEDIATE (_begin_immediate).
        self._writer = threading.Lock()
        self._group_commit = GroupCommit(self, _unavailable)

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(
            self.path, timeout=self.busy_timeout, isolation_level=None, check_same_thread=False
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
        with self._lock:
            self._all.append(conn)
        return conn

    @contextmanager
    def connection(self, deadline: float | None = None) -> Iterator[sqlite3.Connection]:
        """A pooled connection for this thread, waiting for one (and later for SQLite's lock)
        until `deadline` (time.monotonic()), by default `busy_timeout` from now."""
        if deadline is None:
            deadline = time.monotonic() + self.busy_timeout
        if not self._slots.acquire(timeout=max(0.0, deadline - time.monotonic())):
            raise StorageUnavailable()
        try:
            try:
                conn = self._idle.get_nowait()
            except queue.Empty:
                conn = self._connect()
            try:
                waited_ms = max(1, int((deadline - time.monotonic()) * 1000))
                conn.execute(f"PRAGMA busy_timeout={waited_ms}")
                yield conn
            finally:
                self._idle.put(conn)
        except sqlite3.OperationalError as exc:
            if _unavailable(exc):
                raise StorageUnavailable() from exc
            raise
        finally:
            self._slots.release()

    def transact(
        self,
        work: Callable[[sqlite3.Connection], T],
        *,
        write: bool,
        deadline: float | None = None,
    ) -> T:
        """Run `work` in one transaction on this thread; roll back if it raises."""
        if deadline is None:
            deadline = time.monotonic() + self.busy_timeout
        if not write:
            return self._run(work, write=False, deadline=deadline)
        if not self._writer.acquire(timeout=max(0.0, deadline - time.monotonic())):
            raise StorageUnavailable()
        try:
            return self._run(work, write=True, deadline=deadline)
        finally:
            self._writer.release()

    def _run(self, work: Callable[[sqlite3.Connection], T], *, write: bool, deadline: float) -> T:
        with self.connection(deadline) as conn:
            if write:
                _begin_immediate(conn, deadline)
            else:
                conn.execute("BEGIN")
            try:
                result = work(conn)
            except BaseException:
                if conn.in_transaction:  # SQLite ends it itself on some errors (disk full)
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
            return result

    async def read(self, work: Callable[[sqlite3.Connection], T]) -> T:
        return await self._in_thread(work, write=False, budget=self.busy_timeout)

    async def write(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run `work` in a write transaction, committed with whatever else this process is
        writing meanwhile (group_commit.py); its own failure rolls back only its own changes."""
        return await self._group_commit.write(work, time.monotonic() + self.busy_timeout)

    async def can_write(self, within: float) -> bool:
        """Whether the write lock can be had within `within` seconds (readiness)."""
        try:
            await self._in_thread(lambda conn: None, write=True, budget=within)
        except StorageUnavailable:
            return False
        return True

    async def _in_thread(
        self, work: Callable[[sqlite3.Connection], T], *, write: bool, budget: float
    ) -> T:
        # The deadline starts now, on the event loop: time spent queueing for a thread counts.
        deadline = time.monotonic() + budget
        return await asyncio.to_thread(self.transact, work, write=write, deadline=deadline)

    def close(self) -> None:
        with self._lock:
            for conn in self._all:
                conn.close()
            self._all.clear()
        while not self._idle.empty():
            self._idle.get_nowait()
