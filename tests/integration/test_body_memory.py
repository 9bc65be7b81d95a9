"""A worker's memory stays bounded under the worst bodies a client may send.

50 concurrent bodies of the largest size each route accepts, built from thousands of tiny strings
(the shape that expands most when parsed), plus 50 announcing 9.6 MB and 50 chunked ones that
never stop, go at one real server process. Its peak resident memory (VmHWM) must stay under
300 MB, and the oversized ones must be refused with 413 while most of their bytes were never sent.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from tests.support.server import serve
from tests.support.store_data import prepare

KB = 1024
CONCURRENT = 50
PEAK_LIMIT_MB = 300


def tiny_strings(size: int) -> bytes:
    """A JSON object of about `size` bytes holding one list of two-letter strings."""
    count = (size - 20) // 5
    return b'{"items": [' + b",".join([b'"ab"'] * count) + b"]}"


async def exchange(port: int, head: bytes, body_parts: list[bytes]) -> int:
    """Send a raw request (headers, then body parts) and return the response status."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(head)
        for part in body_parts:
            writer.write(part)
            await writer.drain()
        status_line = await asyncio.wait_for(reader.readline(), timeout=30)
        return int(status_line.split()[1])
    except ConnectionError:
        return 0  # the server hung up before reading everything (only after answering)
    finally:
        writer.close()


def sized(path: str, body: bytes) -> tuple[bytes, list[bytes]]:
    head = (
        f"POST {path} HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode()
    return head, [body]


def announced(path: str, announced_size: int) -> tuple[bytes, list[bytes]]:
    """Announces a large body but sends only its first 64 KB, then waits for the answer."""
    head = (
        f"POST {path} HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
        f"Content-Length: {announced_size}\r\n\r\n"
    ).encode()
    return head, [b" " * (64 * KB)]


def chunked(path: str, chunks: int) -> tuple[bytes, list[bytes]]:
    head = (
        f"POST {path} HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\n\r\n"
    ).encode()
    chunk = b"4000\r\n" + b" " * 0x4000 + b"\r\n"
    return head, [chunk] * chunks


async def test_fifty_concurrent_maximum_bodies_keep_a_worker_under_300_mb(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shop.db'}"
    await prepare(url)
    with serve(url, tmp_path) as server:
        await server.wait_ready()
        port = int(server.url.rsplit(":", 1)[1])
        kinds = {
            "order at 64 KB": sized("/api/orders", tiny_strings(64 * KB)),
            "login at 4 KB": sized("/api/admin/login", tiny_strings(4 * KB)),
            "order announcing 9.6 MB": announced("/api/orders", 9_600_000),
            "order chunked past 64 KB": chunked("/api/orders", chunks=8),
        }
        requests = [(kind, *parts) for kind, parts in kinds.items() for _ in range(CONCURRENT)]
        statuses = await asyncio.gather(*(exchange(port, head, body) for _, head, body in requests))
        peak = server.peak_rss_mb()
    by_kind: dict[str, set[int]] = {}
    for (kind, _, _), status in zip(requests, statuses, strict=True):
        by_kind.setdefault(kind, set()).add(status)
    assert by_kind == {
        "order at 64 KB": {422},
        "login at 4 KB": {422},
        "order announcing 9.6 MB": {413},
        "order chunked past 64 KB": {413},
    }
    assert peak < PEAK_LIMIT_MB, f"peak resident memory {peak:.0f} MB"
