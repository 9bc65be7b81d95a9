"""Concurrent checkouts against real server processes sharing one database.

Order numbers must be unique and gap-free under a burst spread over several processes, and
one Idempotency-Key fired concurrently must place exactly one order.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from beautique.domain.order_id import OrderId
from tests.conftest import TEST_ENV
from tests.support.server import UVICORN, free_port
from tests.support.store_data import order_body, prepare, stored_order_ids

BURST = 200
CONCURRENCY = 50
STARTUP_SECONDS = 30


@contextmanager
def servers(count: int, database_url: str, workdir: Path) -> Iterator[list[str]]:
    """`count` real uvicorn processes on one database; their base URLs. Stopped at the end."""
    env = {
        **os.environ,
        **TEST_ENV,
        "DATABASE_URL": database_url,
        "DATA_DIR": str(workdir),
        "LOG_LEVEL": "WARNING",
        "DB_POOL_MAX": "8",
    }
    procs: list[subprocess.Popen[bytes]] = []
    urls: list[str] = []
    try:
        for index in range(count):
            port = free_port()
            log = (workdir / f"server-{index}.log").open("wb")
            procs.append(
                subprocess.Popen(
                    [*UVICORN, f"--port={port}"],
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
            urls.append(f"http://127.0.0.1:{port}")
        yield urls
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


async def wait_until_ready(urls: list[str], workdir: Path) -> None:
    """Bounded poll of /health/ready on every server; fail with its log if it never answers."""
    async with httpx.AsyncClient(timeout=2) as client:
        for index, url in enumerate(urls):
            for _ in range(STARTUP_SECONDS * 10):
                try:
                    if (await client.get(f"{url}/health/ready")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)
            else:
                log = (workdir / f"server-{index}.log").read_text(errors="replace")
                pytest.fail(f"server {url} never became ready:\n{log[-3000:]}")


async def fire(
    urls: list[str], bodies: list[dict[str, Any]], headers: dict[str, str] | None = None
) -> list[httpx.Response]:
    """POST every body at once (bounded concurrency), alternating between the servers."""
    gate = asyncio.Semaphore(CONCURRENCY)
    limits = httpx.Limits(max_connections=CONCURRENCY)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:

        async def one(index: int, payload: dict[str, Any]) -> httpx.Response:
            async with gate:
                url = f"{urls[index % len(urls)]}/api/orders"
                return await client.post(url, json=payload, headers=headers)

        return await asyncio.gather(*(one(i, b) for i, b in enumerate(bodies)))


def database_url(backend: str, request: pytest.FixtureRequest) -> str:
    url: str = request.getfixturevalue("pg_url" if backend == "postgres" else "sqlite_url")
    return url


def assert_gap_free(order_ids: list[str]) -> None:
    """Every business day's numbers run 1..n (a burst may straddle midnight in Karachi)."""
    by_day: dict[str, list[int]] = defaultdict(list)
    for text in order_ids:
        parsed = OrderId.parse(text)
        assert parsed is not None, text
        by_day[text[3:11]].append(parsed.number)
    for numbers in by_day.values():
        assert sorted(numbers) == list(range(1, len(numbers) + 1))


@pytest.mark.parametrize(("backend", "processes"), [("postgres", 2), ("sqlite", 1)])
async def test_a_burst_of_checkouts_gets_unique_gap_free_numbers(
    backend: str, processes: int, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    url = database_url(backend, request)
    product = await prepare(url)
    with servers(processes, url, tmp_path) as urls:
        await wait_until_ready(urls, tmp_path)
        responses = await fire(urls, [order_body(product, n) for n in range(BURST)])
    assert [r.status_code for r in responses] == [201] * BURST, {
        r.status_code: r.text for r in responses if r.status_code != 201
    }
    order_ids = [r.json()["order_id"] for r in responses]
    assert len(set(order_ids)) == BURST
    assert_gap_free(order_ids)
    assert sorted(await stored_order_ids(url)) == sorted(order_ids)


@pytest.mark.parametrize(("backend", "processes"), [("postgres", 2), ("sqlite", 1)])
async def test_one_idempotency_key_fired_concurrently_places_one_order(
    backend: str, processes: int, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    url = database_url(backend, request)
    product = await prepare(url)
    with servers(processes, url, tmp_path) as urls:
        await wait_until_ready(urls, tmp_path)
        responses = await fire(
            urls, [order_body(product, 1)] * 10, headers={"Idempotency-Key": "one-checkout"}
        )
    firsts = [
        r for r in responses if r.status_code == 201 and "idempotent-replayed" not in r.headers
    ]
    replays = [r for r in responses if r.headers.get("idempotent-replayed") == "true"]
    conflicts = [r for r in responses if r.status_code == 409]
    assert len(firsts) == 1
    assert len(firsts) + len(replays) + len(conflicts) == 10
    assert all(r.status_code == 201 and r.content == firsts[0].content for r in replays)
    assert all(isinstance(r.json()["detail"], str) for r in conflicts)
    assert await stored_order_ids(url) == [firsts[0].json()["order_id"]]
