"""kill -9 of a SQLite-backed server in the middle of a burst of keyed checkouts.

Afterwards the file is intact (`PRAGMA integrity_check`), every acknowledged (201) order is
stored, every stored order has its key finished with it (never an order without its key, so
a retry can never place a second one), and a key that was in flight when the process died
can be used again once its lease has run out, by a fresh server on the same file.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx

from beautique.domain.product import Product
from tests.support.server import serve
from tests.support.store_data import order_body, prepare

# Far more than get through before the freeze: the burst must still be running when the lock is
# taken, however fast the machine (a burst of 120 could finish while the look below waited for
# SQLite's lock). What is left when the server dies fails at once, refused.
BURST = 1000
CONCURRENCY = 20
LEASE_SECONDS = "1"
BOUND_SECONDS = 15  # every wait below is a bounded poll


async def keyed_burst(
    url: str, product: Product, acknowledged: list[str]
) -> list[httpx.Response | BaseException]:
    """BURST checkouts, each with its own key; order ids of 201s are noted as they arrive."""
    gate = asyncio.Semaphore(CONCURRENCY)
    async with httpx.AsyncClient(timeout=30) as client:

        async def one(n: int) -> httpx.Response:
            async with gate:
                response = await client.post(
                    f"{url}/api/orders",
                    json=order_body(product, n),
                    headers={"Idempotency-Key": f"burst-{n}"},
                )
            if response.status_code == 201:
                acknowledged.append(response.json()["order_id"])
            return response

        return await asyncio.gather(*(one(n) for n in range(BURST)), return_exceptions=True)


def counts(database: Path) -> dict[str, int]:
    with sqlite3.connect(database, timeout=BOUND_SECONDS) as conn:
        return {
            "orders": conn.execute("SELECT count(*) FROM orders").fetchone()[0],
            "in_flight": conn.execute(
                "SELECT count(*) FROM idempotency_keys WHERE state = 'in_flight'"
            ).fetchone()[0],
            "done": conn.execute(
                "SELECT count(*) FROM idempotency_keys WHERE state = 'done'"
            ).fetchone()[0],
        }


@asynccontextmanager
async def frozen_with_keys_in_flight(
    database: Path, acknowledged: list[str]
) -> AsyncIterator[list[str]]:
    """Take SQLite's write lock once orders are being acknowledged and some keys are claimed
    but not finished; while it is held, nothing the server does can change that set.

    Each look waits for the lock in a thread, so the burst keeps sending meanwhile: a look that
    blocked the event loop would let the server finish every request already sent and find no
    key in flight, again and again."""
    deadline = time.monotonic() + BOUND_SECONDS
    conn = sqlite3.connect(
        database, timeout=BOUND_SECONDS, isolation_level=None, check_same_thread=False
    )

    def look() -> list[str]:
        """The keys in flight, with the lock kept; or none, with the lock let go."""
        conn.execute("BEGIN IMMEDIATE")
        rows = conn.execute(
            "SELECT key FROM idempotency_keys WHERE state = 'in_flight' ORDER BY key"
        ).fetchall()
        if rows and acknowledged:
            return [row[0] for row in rows]
        conn.execute("ROLLBACK")
        return []

    try:
        while time.monotonic() < deadline:
            await asyncio.sleep(0.01)  # let the burst run between looks
            if in_flight := await asyncio.to_thread(look):
                yield in_flight
                return
        raise AssertionError("the burst never had a key in flight")
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        conn.close()


def assert_sound(database: Path, acknowledged: list[str]) -> dict[str, int]:
    """The file is intact, every acknowledged order is in it, and every order has its key."""
    with sqlite3.connect(database) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {row[0] for row in conn.execute("SELECT order_id FROM orders")}
    assert set(acknowledged) <= stored
    found = counts(database)
    assert found["orders"] == found["done"]  # every order went in together with its key
    return found


async def retry_after_the_lease(url: str, key: str, payload: dict[str, Any]) -> httpx.Response:
    """Retry as a customer would: 409 while the dead attempt's lease runs, then it goes through."""
    deadline = time.monotonic() + BOUND_SECONDS
    async with httpx.AsyncClient(timeout=10) as client:
        while time.monotonic() < deadline:
            response = await client.post(
                f"{url}/api/orders", json=payload, headers={"Idempotency-Key": key}
            )
            if response.status_code != 409:
                return response
            await asyncio.sleep(0.1)
    raise AssertionError(f"key {key} stayed in flight past its lease")


async def test_kill_9_mid_burst_keeps_the_file_the_orders_and_the_keys_sound(
    tmp_path: Path,
) -> None:
    database = tmp_path / "shop.db"
    url = f"sqlite:///{database}"
    product = await prepare(url)
    with serve(url, tmp_path, name="victim", IDEMPOTENCY_LEASE_SECONDS=LEASE_SECONDS) as victim:
        await victim.wait_ready()
        acknowledged: list[str] = []
        burst = asyncio.create_task(keyed_burst(victim.url, product, acknowledged))
        async with frozen_with_keys_in_flight(database, acknowledged) as in_flight:
            victim.kill_hard()
        results = await burst

    assert acknowledged and any(isinstance(r, BaseException) for r in results)
    after_kill = assert_sound(database, acknowledged)
    assert after_kill["in_flight"] == len(in_flight)

    key = in_flight[0]
    payload = order_body(product, int(key.removeprefix("burst-")))
    with serve(
        url, tmp_path, name="successor", IDEMPOTENCY_LEASE_SECONDS=LEASE_SECONDS
    ) as successor:
        await successor.wait_ready()
        first = await retry_after_the_lease(successor.url, key, payload)
        assert first.status_code == 201 and "idempotent-replayed" not in first.headers
        replay = await retry_after_the_lease(successor.url, key, payload)
        assert replay.headers.get("idempotent-replayed") == "true"
        assert replay.content == first.content
    final = counts(database)
    assert final["orders"] == after_kill["orders"] + 1 == final["done"]
