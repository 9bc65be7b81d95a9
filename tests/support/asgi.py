"""Drive an ASGI app by hand, to see how much of a request body it actually pulls."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any


@dataclass
class AsgiExchange:
    """One request sent straight into the app: the status it answered and the body bytes it read."""

    status: int = 0
    body: bytes = b""
    pulled: int = 0
    headers: dict[str, str] = field(default_factory=dict)


async def post_chunks(
    app: Any, path: str, chunks: Iterator[bytes], headers: dict[str, str]
) -> AsgiExchange:
    """POST `chunks` lazily (an endless body is fine: only what the app asks for is made)."""
    exchange = AsgiExchange()
    upcoming = next(chunks, None)

    async def receive() -> dict[str, Any]:
        nonlocal upcoming
        if upcoming is None:
            return {"type": "http.disconnect"}
        chunk, upcoming = upcoming, next(chunks, None)
        exchange.pulled += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": upcoming is not None}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            exchange.status = message["status"]
            exchange.headers = {k.decode(): v.decode() for k, v in message["headers"]}
        elif message["type"] == "http.response.body":
            exchange.body += message.get("body", b"")

    await app(http_scope(path, headers), receive, send)
    return exchange


def http_scope(path: str, headers: dict[str, str], method: str = "POST") -> dict[str, Any]:
    """An HTTP scope as a server would build it, for driving the app without a client."""
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
        "state": {},
    }
