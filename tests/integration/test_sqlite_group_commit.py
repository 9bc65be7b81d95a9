"""Group commit on a real SQLite file: the writes that queue while a transaction runs are
committed together in the next one, each under its own savepoint (adapters/sqlite/group_commit.py).

The first write of each test holds the writer thread on a gate until the others have queued, so
the rest are one batch for certain, with no timing involved.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from beautique.adapters.sqlite.database import SqliteDatabase
from beautique.application.errors import StorageUnavailable

Work = Callable[[sqlite3.Connection], object]


@pytest.fixture
def db(tmp_path: Path) -> Iterator[SqliteDatabase]:
    database = SqliteDatabase(tmp_path / "shop.db", busy_timeout=5.0)
    with sqlite3.connect(database.path) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("CREATE TABLE notes (text TEXT NOT NULL UNIQUE)")
    yield database
    database.close()


def note(text: str) -> Work:
    return lambda conn: conn.execute("INSERT INTO notes (text) VALUES (?)", (text,)).rowcount


def stored(db: SqliteDatabase) -> list[str]:
    with sqlite3.connect(db.path) as conn:
        return [row[0] for row in conn.execute("SELECT text FROM notes ORDER BY rowid")]


async def one_batch(db: SqliteDatabase, works: list[Work]) -> list[object]:
    """Run `works` as one batch behind a gated first write; their outcomes, errors included."""
    entered, gate = threading.Event(), threading.Event()

    def held(conn: sqlite3.Connection) -> object:
        entered.set()
        gate.wait(10)  # released below once the others have queued; bounded if the test breaks
        return note("first")(conn)

    first = asyncio.create_task(db.write(held))
    assert await asyncio.to_thread(entered.wait, 10)  # the writer is inside the first batch
    rest = [asyncio.create_task(db.write(work)) for work in works]
    await asyncio.sleep(0)  # every task runs up to its await: all are queued now
    gate.set()
    await first
    return list(await asyncio.gather(*rest, return_exceptions=True))


async def test_queued_writes_commit_in_one_transaction(db: SqliteDatabase) -> None:
    seen_from_outside: list[list[str]] = []

    def look(conn: sqlite3.Connection) -> None:
        # Another connection sees only committed rows: the batch's first two are not yet.
        seen_from_outside.append(stored(db))

    outcomes = await one_batch(db, [note("a"), note("b"), look, note("c")])

    assert outcomes == [1, 1, None, 1]
    assert seen_from_outside == [["first"]]
    assert stored(db) == ["first", "a", "b", "c"]


async def test_a_failing_write_rolls_back_alone(db: SqliteDatabase) -> None:
    def half_then_fail(conn: sqlite3.Connection) -> None:
        note("half")(conn)
        raise ValueError("the cart changed")

    outcomes = await one_batch(db, [note("a"), half_then_fail, note("a"), note("b")])

    assert outcomes[0] == 1 and outcomes[3] == 1
    assert isinstance(outcomes[1], ValueError) and str(outcomes[1]) == "the cart changed"
    assert isinstance(outcomes[2], sqlite3.IntegrityError)  # "a" again: the unique constraint
    assert stored(db) == ["first", "a", "b"]


async def test_a_write_waiting_past_its_deadline_fails_as_unavailable(tmp_path: Path) -> None:
    db = SqliteDatabase(tmp_path / "shop.db", busy_timeout=0.3)
    with sqlite3.connect(db.path) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("CREATE TABLE notes (text TEXT NOT NULL UNIQUE)")
    other = sqlite3.connect(db.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process holds the write lock throughout
    try:
        outcomes = await asyncio.gather(
            db.write(note("a")), db.write(note("b")), return_exceptions=True
        )
    finally:
        other.execute("ROLLBACK")
        other.close()
        db.close()

    assert all(isinstance(outcome, StorageUnavailable) for outcome in outcomes)
    assert stored(db) == []


async def test_the_writer_thread_comes_back_after_going_idle(
    db: SqliteDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    from beautique.adapters.sqlite import group_commit

    monkeypatch.setattr(group_commit, "IDLE_SECONDS", 0.01)
    assert await db.write(note("a")) == 1
    while any(t.name == "sqlite-writer" and t.is_alive() for t in threading.enumerate()):
        await asyncio.sleep(0.01)  # waits for the idle thread to end: a poll, not a timing claim
    assert await db.write(note("b")) == 1
    assert stored(db) == ["a", "b"]


async def test_a_busy_writer_leaves_the_lock_to_another_process_between_batches(
    db: SqliteDatabase,
) -> None:
    """Two SqliteDatabase objects on one file stand for two server processes. While the first
    has ten batches queued, the second's write is not kept waiting until all ten are done: after
    a batch with more queued, the first leaves the lock free (HANDOVER_SECONDS) and the other's
    poll takes it. Without the handover, the busy writer begins its next batch at once and
    the other's write lands wherever its poll happens to hit a gap, often after every queued one."""
    other = SqliteDatabase(db.path, busy_timeout=10.0)
    entered, gate = threading.Event(), threading.Event()

    def held(conn: sqlite3.Connection) -> object:
        entered.set()
        gate.wait(10)
        return note("busy-0")(conn)

    try:
        first = asyncio.create_task(db.write(held))
        assert await asyncio.to_thread(entered.wait, 10)  # the busy writer holds the lock
        queued = [asyncio.create_task(db.write(note(f"busy-{n}"))) for n in range(1, 641)]
        await asyncio.sleep(0)  # all 640 are queued behind the first: ten batches of 64
        waiting = asyncio.create_task(other.write(note("other")))
        await asyncio.to_thread(_until_polling, other)
        gate.set()
        await asyncio.gather(first, waiting, *queued)
    finally:
        other.close()

    rows = stored(db)
    assert len(rows) == 642
    # With the handover it gets the first gap (after "busy-0"); one batch's slack for a loaded
    # machine. Without it, it lands anywhere, after all ten batches as often as not.
    assert rows.index("other") < rows.index("busy-65")


def _until_polling(other: SqliteDatabase) -> None:
    """Block until both writer threads run: the second is then polling for the lock."""
    for _ in range(1000):
        if sum(t.name == "sqlite-writer" for t in threading.enumerate()) >= 2:
            return
        threading.Event().wait(0.001)
    raise AssertionError("the second writer never started")
