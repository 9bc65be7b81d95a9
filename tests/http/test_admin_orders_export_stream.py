"""The export is streamed: its first bytes leave before its last rows are read, and no database
connection is held while the client reads (PostgreSQL with a pool of ONE connection).

The download is driven at the ASGI level so the test acts at an exact moment: when the first
body chunk is sent, it changes the newest order (whose row that chunk already holds) and the oldest
(whose row is in the last batch). The file must show the old state for the first and the new state
for the second. With one pool connection, the change itself could not run if the export kept it.
"""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from beautique.application.order_export import BATCH_SIZE
from beautique.domain.order_status import OrderStatus
from tests.builders import T0, make_order
from tests.http.admin_support import Client, sign_in
from tests.support.asgi import http_scope

ORDERS = 2 * BATCH_SIZE + 7  # three batches


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_first_bytes_leave_before_the_last_batch_is_read(
    client_factory: Callable[..., Client], backend: str
) -> None:
    client = client_factory(backend=backend, DB_POOL_MAX="1")
    headers = sign_in(client)
    storage = client.app.state["container"].storage()
    orders = [make_order(n, at=T0 + timedelta(seconds=n)) for n in range(1, ORDERS + 1)]
    client.blocking_portal.call(storage.orders.add_many, orders)
    newest, oldest = orders[-1], orders[0]
    messages: list[dict[str, Any]] = []
    requested: list[bool] = []
    finished = asyncio.Event()

    async def receive() -> dict[str, Any]:
        """The (empty) request, then a disconnect only once the whole response was sent."""
        if not requested:
            requested.append(True)
            return {"type": "http.request", "body": b"", "more_body": False}
        await finished.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        messages.append(message)
        if message["type"] == "http.response.body" and not message.get("more_body", False):
            finished.set()
        if message["type"] == "http.response.body" and len(messages) == 2:  # the first chunk
            for order in (newest, oldest):
                cancelled = order.change_status(order=OrderStatus.CANCELLED, by="x", now=T0)
                assert await storage.orders.save(cancelled) is True

    async def download() -> None:
        await client.app(http_scope("/api/admin/orders/export", headers, "GET"), receive, send)

    client.blocking_portal.call(download)
    start, *bodies = messages
    assert start["type"] == "http.response.start" and start["status"] == 200
    assert len(bodies) >= 3 and all(m["more_body"] for m in bodies[:-1])
    assert bodies[0]["body"].startswith("\ufeffOrder ID,".encode())
    text = b"".join(m["body"] for m in bodies).decode("utf-8")[1:]
    rows = {row["Order ID"]: row for row in csv.DictReader(io.StringIO(text, newline=""))}
    assert len(rows) == ORDERS
    assert rows[newest.order_id.value]["Order Status"] == "Received"  # sent before the change
    assert rows[oldest.order_id.value]["Order Status"] == "Cancelled"  # read after it
