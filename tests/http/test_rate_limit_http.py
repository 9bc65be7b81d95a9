"""enforce_rate_limit through the real app: 429, Retry-After, CORS exposure, per-key buckets.

A tiny route is registered on the app here, so this does not depend on the other controllers.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from litestar import Request, get
from litestar.params import FromPath
from litestar.testing import TestClient
from redis import Redis, RedisError

from beautique.container import memory_storage
from beautique.entrypoints.http.app import create_app
from beautique.entrypoints.http.rate_limit import enforce_rate_limit
from tests.conftest import make_container, make_settings

ALLOWED = "http://localhost:3000"
REDIS_URL = "redis://127.0.0.1:6379/15"


@get("/test/limited/{name:str}")
async def limited(request: Request[Any, Any, Any], name: FromPath[str]) -> dict[str, str]:
    await enforce_rate_limit(request, "test", 2, name)
    return {"hello": name}


@get("/test/unlimited")
async def unlimited(request: Request[Any, Any, Any]) -> dict[str, str]:
    await enforce_rate_limit(request, "test-off", 0)
    return {"ok": "yes"}


def _client(**env: str) -> TestClient[Any]:
    app = create_app(make_container(make_settings(**env), memory_storage()))
    app.register(limited)
    app.register(unlimited)
    return TestClient(app)


def test_past_the_limit_is_429_with_retry_after_and_a_readable_detail() -> None:
    with _client() as client:
        assert [client.get("/test/limited/ayesha").status_code for _ in range(2)] == [200, 200]
        refused = client.get("/test/limited/ayesha", headers={"Origin": ALLOWED})
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert "retry" in refused.json()["detail"].lower()
    assert refused.headers["access-control-allow-origin"] == ALLOWED
    assert "Retry-After" in refused.headers["access-control-expose-headers"]


def test_key_parts_get_their_own_bucket_case_insensitively() -> None:
    with _client() as client:
        for _ in range(2):
            client.get("/test/limited/Ayesha")
        assert client.get("/test/limited/AYESHA").status_code == 429
        assert client.get("/test/limited/bilal").status_code == 200


def test_zero_per_minute_disables_the_rule() -> None:
    with _client() as client:
        assert {client.get("/test/unlimited").status_code for _ in range(50)} == {200}


def test_with_redis_url_the_count_is_shared_by_two_apps() -> None:
    instances = 2
    try:
        Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except RedisError as exc:
        pytest.fail(f"Redis is not reachable at {REDIS_URL}: {exc}", pytrace=False)
    name = uuid.uuid4().hex
    clients = [_client(REDIS_URL=REDIS_URL) for _ in range(instances)]
    try:
        for client in clients:
            client.__enter__()
        statuses = [
            clients[n % instances].get(f"/test/limited/{name}").status_code for n in range(3)
        ]
        assert statuses == [200, 200, 429]
    finally:
        for client in clients:
            limiter = client.app.state["container"].rate_limiter()
            client.blocking_portal.call(limiter.aclose)
            client.__exit__(None, None, None)
