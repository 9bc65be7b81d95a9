"""GroupCommit: one writer thread per database file and process, committing together the writes
that queued while the previous transaction ran.

SQLite has one writer at a time, so under load writes queue anyway. Taken one by one, each pays
for its own thread hop, BEGIN IMMEDIATE, COMMIT (the WAL frames of every page it touched) and a
wake-up of the event loop. Taken together, a batch pays for those once. Each write still runs
under its own SAVEPOINT: one that fails rolls back alone, and its caller gets its error while the
others are committed. Nobody hears of success before the COMMIT that made their write durable;
if the COMMIT fails, every write of the batch fails with it.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from beautique.application.errors import StorageUnavailable

if TYPE_CHECKING:
    from .database import SqliteDatabase

T = TypeVar("T")
MOST_PER_BATCH = 64  # bounds how long one transaction holds SQLite's lock from other processes
IDLE_SECONDS = 2.0  # the thread ends after this long without work, and starts again on demand
# After a batch, with more writes queued, the lock is left free this long before the next one:
# a writer of another process (polling every millisecond at most) gets its turn instead of
# waiting until this process has nothing left to write.
HANDOVER_SECONDS = 0.003


@dataclass(slots=True)
class _Write:
    work: Callable[[sqlite3.Connection], Any]
    deadline: float  # time.monotonic(): not started by then, the write fails as unavailable
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future[Any]
    failure: BaseException | None = None
    value: Any = None


class GroupCommit:
    def __init__(self, db: SqliteDatabase, unavailable: Callable[[BaseException], bool]) -> None:
        self._db = db
        self._unavailable = unavailable  # which sqlite3 errors mean "try again later" (503)
        self._queue: deque[_Write] = deque()
        self._wake = threading.Condition()
        self._thread_running = False

    async def write(self, work: Callable[[sqlite3.Connection], T], deadline: float) -> T:
        loop = asyncio.get_running_loop()
        queued = _Write(work, deadline, loop, loop.create_future())
        with self._wake:
            self._queue.append(queued)
            if self._thread_running:
                self._wake.notify()
            else:
                self._thread_running = True
                threading.Thread(target=self._serve, name="sqlite-writer", daemon=True).start()
        result: T = await queued.future
        return result

    def _serve(self) -> None:
        while True:
            with self._wake:
                if not self._queue:
                    self._wake.wait(IDLE_SECONDS)
                if not self._queue:  # idle: end; the next write starts a new thread
                    self._thread_running = False
                    return
                batch = [
                    self._queue.popleft() for _ in range(min(len(self._queue), MOST_PER_BATCH))
                ]
            self._commit(batch)
            _settle_all(batch)
            if self._queue:  # more to write: first let a waiting writer of another process in
                time.sleep(HANDOVER_SECONDS)

    def _commit(self, batch: list[_Write]) -> None:
        deadline = max(write.deadline for write in batch)
        try:
            self._db.transact(lambda conn: self._run(conn, batch), write=True, deadline=deadline)
        except BaseException as exc:  # no transaction, or no COMMIT: nothing of the batch stands
            for write in batch:
                if write.failure is None:
                    write.failure = exc

    def _run(self, conn: sqlite3.Connection, batch: list[_Write]) -> None:
        for write in batch:
            if time.monotonic() > write.deadline:  # waited its whole budget for the lock
                write.failure = StorageUnavailable()
                continue
            conn.execute("SAVEPOINT one_write")
            try:
                write.value = write.work(conn)
            except Exception as exc:
                if not conn.in_transaction:  # SQLite abandoned the whole transaction (disk full)
                    raise
                conn.execute("ROLLBACK TO one_write")
                write.failure = exc
                if self._unavailable(exc):
                    write.failure = StorageUnavailable()
                    write.failure.__cause__ = exc
            conn.execute("RELEASE one_write")


def _settle_all(batch: list[_Write]) -> None:
    """Hand each outcome to its event loop, one wake-up per loop for the whole batch."""
    by_loop: dict[asyncio.AbstractEventLoop, list[_Write]] = {}
    for write in batch:
        by_loop.setdefault(write.loop, []).append(write)
    for loop, writes in by_loop.items():
        with suppress(RuntimeError):  # that loop has closed: nobody is waiting any more
            loop.call_soon_threadsafe(_settle, writes)


def _settle(writes: list[_Write]) -> None:
    for write in writes:
        if write.future.done():  # the caller was cancelled; its write stands or fails regardless
            continue
        if write.failure is not None:
            write.future.set_exception(write.failure)
        else:
            write.future.set_result(write.value)
