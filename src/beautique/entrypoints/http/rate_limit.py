"""Per-client rate limits for the public endpoints that attract abuse (login, tracking, orders)."""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from typing import Any

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from beautique.application.errors import RateLimited
from beautique.application.ports import RateLimiter
from beautique.settings import Settings

from .dependencies import container_of

WINDOW_SECONDS = 60


def bucket_key(rule: str, client: str, *key_parts: str) -> str:
    """`rule:<digest>` — the client address and key parts are hashed, so no address, phone
    number or username is ever stored in the counter store in clear text."""
    material = "\x1f".join((client, *(part.strip().lower() for part in key_parts)))
    return f"{rule}:{hashlib.sha256(material.encode()).hexdigest()[:32]}"


async def enforce_rate_limit(
    request: ASGIConnection[Any, Any, Any, Any], rule: str, per_minute: int, *key_parts: str
) -> None:
    """Count this request against `rule` for its client address (and key parts, e.g. the
    username); raise RateLimited (429 + Retry-After) past `per_minute`. 0 disables the rule."""
    if per_minute <= 0:
        return
    # Behind a proxy, uvicorn's proxy_headers already put the real client address here.
    client = request.client.host if request.client else "unknown"
    limiter: RateLimiter = container_of(request.app.state).rate_limiter()
    retry_after = await limiter.hit(
        bucket_key(rule, client, *key_parts), per_minute, WINDOW_SECONDS
    )
    if retry_after is not None:
        seconds = max(1, retry_after)
        raise RateLimited(seconds, f"Too many requests, please retry in {seconds} seconds")


Guard = Callable[[ASGIConnection[Any, Any, Any, Any], BaseRouteHandler], Awaitable[None]]


def client_rate_limit(rule: str, per_minute: Callable[[Settings], int]) -> Guard:
    """A route guard counting every request of a client address against `rule`, at the rate the
    app's settings give. Guards run before the body is read, so floods of oversized or malformed
    bodies are counted too."""

    async def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        settings = container_of(connection.app.state).settings()
        await enforce_rate_limit(connection, rule, per_minute(settings))

    return guard


async def enforce_login_rate_limit(
    request: ASGIConnection[Any, Any, Any, Any], username: str
) -> None:
    """Per client address *and* username: one attacker cannot lock a real admin out elsewhere."""
    per_minute = container_of(request.app.state).settings().rate_limit_login
    await enforce_rate_limit(request, "login", per_minute, username)
