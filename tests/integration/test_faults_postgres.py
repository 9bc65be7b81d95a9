"""A real server process reaches PostgreSQL through a TCP proxy that stalls, then cuts the link,
under a steady checkout load.

Every request ends within a few seconds as a 201 or a 503 (JSON detail, Retry-After), never a
500 or a hang; readiness reports each outage within 2 s; every acknowledged order is in the
database afterwards; and the server recovers by itself, without a restart.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from beautique.domain.product import Product
from tests.support.server import serve
from tests.support.store_data import order_body, prepare, stored_order_ids
from tests.support.tcp_proxy import TcpProxy, url_through

TOTAL = 200
EVERY_SECONDS = 0.03  # a steady stream: about 30 checkouts a second
CONCURRENCY = 24
LATENCY_LIMIT = 6.0  # seconds; the server's own bounds (DB_* below) end every wait well before
BOUND_SECONDS = 20  # every phase and recovery below is a bounded poll
FAST_TIMEOUTS = {
    "DB_STATEMENT_TIMEOUT": "1",
    "DB_CONNECT_TIMEOUT": "1",
    "DB_POOL_TIMEOUT": "1",
    "DB_POOL_MAX": "4",
}


@dataclass
class Load:
    """A steady stream of checkouts and what came back."""

    outcomes: list[tuple[int, float, httpx.Response | None]] = field(default_factory=list)

    def count(self, status: int) -> int:
        return sum(1 for code, _, _ in self.outcomes if code == status)

    async def run(self, url: str, product: Product) -> None:
        gate = asyncio.Semaphore(CONCURRENCY)
        async with httpx.AsyncClient(timeout=30) as client:

            async def one(n: int) -> None:
                async with gate:
                    started = time.monotonic()
                    try:
                        response = await client.post(
                            f"{url}/api/orders", json=order_body(product, n)
                        )
                    except httpx.TransportError:
                        self.outcomes.append((0, time.monotonic() - started, None))
                        return
                    self.outcomes.append(
                        (response.status_code, time.monotonic() - started, response)
                    )

            tasks = []
            for n in range(TOTAL):
                tasks.append(asyncio.create_task(one(n)))
                await asyncio.sleep(EVERY_SECONDS)
            await asyncio.gather(*tasks)


async def until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + BOUND_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"never happened: {what}")
        await asyncio.sleep(0.05)


async def readiness(url: str) -> tuple[int, float]:
    async with httpx.AsyncClient(timeout=10) as client:
        started = time.monotonic()
        response = await client.get(f"{url}/health/ready")
        return response.status_code, time.monotonic() - started


async def until_ready(url: str) -> None:
    deadline = time.monotonic() + BOUND_SECONDS
    while (await readiness(url))[0] != 200:
        if time.monotonic() > deadline:
            raise AssertionError("the server did not recover after the link came back")
        await asyncio.sleep(0.1)


async def outage(proxy_action: Callable[[], None], load: Load, url: str) -> None:
    """Break the link until a few checkouts have failed, checking readiness reports it."""
    failed_before = load.count(503)
    proxy_action()
    status, waited = await readiness(url)
    assert status == 503 and waited < 2, (status, waited)
    await until(lambda: load.count(503) >= failed_before + 3, "checkouts failing with 503")


async def stall_then_cut(proxy: TcpProxy, url: str, product: Product) -> Load:
    """The steady load, with the link stalled and then cut while it runs; recovery after each."""
    load = Load()
    running = asyncio.create_task(load.run(url, product))
    await until(lambda: load.count(201) >= 20, "checkouts before the faults")
    await outage(proxy.stall, load, url)
    proxy.resume()
    await until_ready(url)
    await until(lambda: load.count(201) >= 60, "checkouts between the faults")
    await outage(proxy.cut, load, url)
    proxy.resume()
    await until_ready(url)
    await running
    return load


async def test_checkouts_through_a_stalled_then_cut_link(pg_url: str, tmp_path: Path) -> None:
    product = await prepare(pg_url)
    with (
        TcpProxy("127.0.0.1", urlsplit(pg_url).port or 5432) as proxy,
        serve(url_through(pg_url, proxy.port), tmp_path, **FAST_TIMEOUTS) as server,
    ):
        await server.wait_ready()
        load = await stall_then_cut(proxy, server.url, product)
        async with httpx.AsyncClient(timeout=10) as client:  # recovered: no restart was needed
            after = await client.post(f"{server.url}/api/orders", json=order_body(product, 999))
        assert after.status_code == 201, after.text

    statuses = {code for code, _, _ in load.outcomes}
    assert statuses <= {201, 503}, f"unexpected statuses {statuses}"
    slowest = max(seconds for _, seconds, _ in load.outcomes)
    assert slowest < LATENCY_LIMIT, f"a checkout took {slowest:.1f} s"
    for code, _, response in load.outcomes:
        if code == 503:
            assert response is not None and isinstance(response.json()["detail"], str)
            assert int(response.headers["retry-after"]) >= 1
    acknowledged = {r.json()["order_id"] for code, _, r in load.outcomes if code == 201 and r}
    acknowledged.add(after.json()["order_id"])
    assert acknowledged <= set(await stored_order_ids(pg_url))
