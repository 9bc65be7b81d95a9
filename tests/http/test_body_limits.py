"""Each route reads only the body it needs (contract §1): 64 KB for orders and admin writes,
4 KB for login, refused with 413 before the body is read or parsed. Rate limits that guard a
route run before its body is read, so a flood of large or broken bodies is counted too.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest
from litestar.handlers import HTTPRouteHandler
from litestar.testing import TestClient

from beautique.container import memory_storage
from beautique.entrypoints.http.app import create_app
from tests.conftest import make_container, make_settings
from tests.support.asgi import post_chunks

KB = 1024
LIMITS = {"/api/orders": 64 * KB, "/api/admin/login": 4 * KB}
JSON = {"Content-Type": "application/json"}


def endless(chunk_size: int = 16 * KB) -> Iterator[bytes]:
    """A body that never ends: the app must stop pulling it by itself."""
    return itertools.repeat(b" " * chunk_size)


def app() -> Any:
    return create_app(make_container(make_settings(), memory_storage()))


@pytest.mark.parametrize(("path", "limit"), LIMITS.items())
async def test_an_announced_oversized_body_is_413_without_reading_a_byte(
    path: str, limit: int
) -> None:
    headers = {**JSON, "Content-Length": "9600000"}  # under the framework default
    exchange = await post_chunks(app(), path, endless(), headers)
    assert exchange.status == 413
    assert exchange.pulled == 0


@pytest.mark.parametrize(("path", "limit"), LIMITS.items())
async def test_a_chunked_body_is_cut_off_just_past_the_limit(path: str, limit: int) -> None:
    exchange = await post_chunks(app(), path, endless(KB), {**JSON})
    assert exchange.status == 413
    assert limit < exchange.pulled <= limit + KB


@pytest.mark.parametrize(("path", "limit"), LIMITS.items())
def test_one_byte_over_the_limit_is_a_readable_413_and_the_limit_itself_is_read(
    client: TestClient[Any], path: str, limit: int
) -> None:
    refused = client.post(path, content=b" " * (limit + 1), headers=JSON)
    assert refused.status_code == 413
    assert refused.json() == {
        "detail": f"Request body too large: this endpoint accepts at most {limit // KB} KB"
    }
    accepted = client.post(path, content=b" " * (limit - 2) + b"{}", headers=JSON)
    assert accepted.status_code in (401, 422)  # read and parsed, then refused for its content


def test_every_route_reads_at_most_64_kb_unless_it_takes_files() -> None:
    """Admin write routes added later inherit the app's limit; only uploads may raise theirs."""
    routes = app().routes
    handlers = [h for r in routes for h in getattr(r, "route_handlers", ())]
    assert handlers
    for handler in handlers:
        takes_files = any(path.endswith("/images") for path in handler.paths)
        if isinstance(handler, HTTPRouteHandler) and not takes_files:
            limit = handler.resolve_request_max_body_size()
            assert limit is not None and limit <= 64 * KB, handler


def test_the_login_rate_limit_counts_bodies_it_never_reads(client_factory: Any) -> None:
    """Per client address: 3 x RATE_LIMIT_LOGIN attempts a minute, whatever they carry."""
    client = client_factory(RATE_LIMIT_LOGIN="1")
    broken = [client.post("/api/admin/login", content=b"{nope", headers=JSON) for _ in range(3)]
    assert [r.status_code for r in broken] == [400, 400, 400]
    oversized = client.post("/api/admin/login", content=b" " * (64 * KB), headers=JSON)
    assert oversized.status_code == 429
    assert int(oversized.headers["retry-after"]) >= 1
