"""When the database is stuck, requests fail fast with 503 JSON (and Retry-After) instead of
hanging, readiness answers within 2 s and tells the truth, and service resumes by itself.

PostgreSQL is reached through a real TCP proxy that stalls the link; SQLite is locked by
another process holding its write lock.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from dependency_injector import providers
from litestar.testing import TestClient

from beautique.container import build_storage
from beautique.entrypoints.http.app import create_app
from tests.builders import order_item, order_payload
from tests.conftest import make_container, make_settings
from tests.http.support import stock
from tests.support.tcp_proxy import TcpProxy, url_through

Client = TestClient[Any]
RECOVERY_SECONDS = 15


def timed(call: Callable[[], Any]) -> tuple[Any, float]:
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def assert_unavailable(response: Any) -> None:
    assert response.status_code == 503, response.text
    assert isinstance(response.json()["detail"], str)
    assert int(response.headers["retry-after"]) >= 1


def wait_until_ready(client: Client) -> None:
    """Bounded poll: the app must come back by itself (no restart)."""
    deadline = time.monotonic() + RECOVERY_SECONDS
    while time.monotonic() < deadline:
        if client.get("/health/ready").status_code == 200:
            return
    raise AssertionError("the app did not recover after the database came back")


def test_readiness_answers_within_2_s_even_when_the_probe_never_does() -> None:
    class SilentStorage:
        """Stands in for any database call that never returns."""

        async def open(self) -> None: ...

        async def close(self) -> None: ...

        async def ping(self) -> bool:
            await asyncio.Event().wait()
            return True

    container = make_container(make_settings())
    container.storage.override(providers.Object(SilentStorage()))
    with TestClient(create_app(container)) as client:
        ready, waited = timed(lambda: client.get("/health/ready"))
    assert ready.status_code == 503 and ready.json()["status"] == "unavailable"
    assert waited < 2


async def test_postgres_sessions_carry_timeouts_and_keepalives(pg_url: str) -> None:
    storage = build_storage(make_settings(DATABASE_URL=pg_url))
    await storage.open()
    try:
        async with storage.db.connection() as conn:
            cur = await conn.execute("SHOW statement_timeout")
            assert (await cur.fetchone())["statement_timeout"] == "5s"
            params = conn.info.get_parameters()
    finally:
        await storage.close()
    assert params["connect_timeout"] == "3"
    assert params["keepalives"] == "1"
    assert {"keepalives_idle", "keepalives_interval", "keepalives_count"} <= set(params)


def test_a_stalled_postgres_link_is_a_fast_503_and_service_resumes(
    client_factory: Callable[..., Client], pg_url: str
) -> None:
    with TcpProxy("127.0.0.1", urlsplit(pg_url).port or 5432) as proxy:
        client = client_factory(
            backend="postgres",
            DATABASE_URL=url_through(pg_url, proxy.port),
            DB_STATEMENT_TIMEOUT="1",
        )
        product = stock(client)
        assert (
            client.post("/api/orders", json=order_payload(order_item(product))).status_code == 201
        )
        proxy.stall()
        checkout, waited = timed(
            lambda: client.post("/api/orders", json=order_payload(order_item(product)))
        )
        assert_unavailable(checkout)
        assert waited < 5, f"a checkout on a stalled link waited {waited:.1f} s"
        ready, waited = timed(lambda: client.get("/health/ready"))
        assert ready.status_code == 503 and ready.json()["status"] == "unavailable"
        assert waited < 2, f"readiness took {waited:.1f} s"
        proxy.resume()
        wait_until_ready(client)
        assert (
            client.post("/api/orders", json=order_payload(order_item(product))).status_code == 201
        )


@contextmanager
def write_lock_held_by_another_process(database: Path) -> Iterator[None]:
    """A second process takes SQLite's write lock and keeps it until the block ends."""
    script = (
        "import sqlite3, sys\n"
        f"conn = sqlite3.connect({str(database)!r}, isolation_level=None)\n"
        "conn.execute('BEGIN IMMEDIATE')\n"
        "print('locked', flush=True)\n"
        "sys.stdin.read()\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"locked\n"
        yield
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=10)


def test_a_sqlite_file_locked_by_another_process_is_a_503_and_not_ready(
    client_factory: Callable[..., Client], sqlite_url: str
) -> None:
    client = client_factory(backend="sqlite", SQLITE_BUSY_TIMEOUT="1")
    product = stock(client)
    with write_lock_held_by_another_process(Path(sqlite_url.removeprefix("sqlite:///"))):
        checkout, waited = timed(
            lambda: client.post("/api/orders", json=order_payload(order_item(product)))
        )
        assert_unavailable(checkout)
        assert waited < 5, f"a checkout on a locked database waited {waited:.1f} s"
        ready, waited = timed(lambda: client.get("/health/ready"))
        assert ready.status_code == 503 and waited < 2
        assert client.get("/api/products").status_code == 200  # readers are not blocked
    wait_until_ready(client)
    assert client.post("/api/orders", json=order_payload(order_item(product))).status_code == 201
