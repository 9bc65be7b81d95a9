"""The edge: one pure-ASGI middleware around the whole app, for what every request needs.

- the client address from a trusted proxy's X-Forwarded-For (forwarded.py), for rate limits;
- `X-Request-ID` on every response (echoed when sane, else generated), also in `REQUEST_ID`
  so every log line written while serving the request carries it;
- a bounded request body: a client that stops sending (nothing for `body_timeout` seconds) or
  sends slower than `MIN_BODY_RATE` on average gets 408 and its connection closed, so a trickle
  cannot hold a worker (the server bounds the headers itself, see entrypoints/server.py);
- a client that goes away mid-request is one INFO access line (499), never an error;
- one access line per request, with the path but never the query string: tracking URLs carry
  phone numbers.

It is the outermost layer, outside CORS and the exception handlers, so crash responses and 404s
for unknown paths get their id too. One layer instead of several: each costs every request.
"""

from __future__ import annotations

import asyncio
import os
import re
import time

from litestar.enums import ScopeType
from litestar.exceptions import HTTPException
from litestar.types import ASGIApp, Message, Receive, ReceiveMessage, Scope, Send

from ..logging_setup import ACCESS, REQUEST_ID, access_sink
from .forwarded import TrustedProxies

SANE_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
MIN_BODY_RATE = 1024  # bytes a second, on average over the whole body
CLIENT_CLOSED = 499  # nginx's "client closed request": logged, never sent


class BodyTimeout(HTTPException):
    status_code = 408

    def __init__(self) -> None:
        detail = "The request body did not arrive in time"
        super().__init__(detail=detail, headers={"Connection": "close"})


class ClientDisconnected(HTTPException):
    """Raised into the app when the client leaves while its body is read; the answer goes nowhere."""

    status_code = CLIENT_CLOSED

    def __init__(self) -> None:
        super().__init__(detail="Client disconnected")


class _Exchange:
    """One request's bounded receive and id-stamping send, and what the access line reports."""

    __slots__ = (
        "_deadline", "_receive", "_received", "_send", "_started", "_timeout",
        "body_done", "closed_early", "request_id", "status", "timed_out",
    )  # fmt: skip

    def __init__(self, receive: Receive, send: Send, request_id: str, timeout: float) -> None:
        self._receive, self._send, self._timeout = receive, send, timeout
        self.request_id = request_id
        self.status = 500  # what the line says if the app never answers
        self.body_done = self.closed_early = self.timed_out = False
        self._received = 0
        self._started = self._deadline = 0.0

    async def receive(self) -> ReceiveMessage:
        if self.body_done:  # after the body, only a disconnect can come: no deadline
            return await self._receive()
        now = time.monotonic()
        if not self._started:
            self._started, self._deadline = now, now + self._timeout
        wait = min(self._timeout, self._deadline - now)
        try:
            if wait <= 0:
                raise TimeoutError
            async with asyncio.timeout(wait):
                message = await self._receive()
        except TimeoutError:
            self.timed_out = True
            raise BodyTimeout from None
        if message["type"] == "http.disconnect":
            self.closed_early = True
            raise ClientDisconnected
        self._received += len(message.get("body", b""))  # type: ignore[arg-type]
        self._deadline = self._started + self._timeout + self._received / MIN_BODY_RATE
        self.body_done = not message.get("more_body", False)
        return message

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            headers = message.get("headers")
            headers = headers if isinstance(headers, list) else list(headers or ())
            headers.append((b"x-request-id", self.request_id.encode()))
            message["headers"] = headers
        await self._send(message)


class _Seen:
    """What the edge needs from the request headers, read in one pass."""

    __slots__ = ("forwarded_for", "origin", "proto", "request_id")

    def __init__(self, scope: Scope) -> None:
        self.request_id: str | None = None
        self.forwarded_for: bytes | None = None
        self.proto: bytes | None = None
        self.origin = False
        for name, value in scope["headers"]:
            if name == b"x-request-id":
                text = value.decode("latin-1")
                self.request_id = text if SANE_ID.fullmatch(text) else None
            elif name == b"origin":
                self.origin = True
            elif name == b"x-forwarded-for":
                self.forwarded_for = (
                    value if self.forwarded_for is None else self.forwarded_for + b"," + value
                )
            elif name == b"x-forwarded-proto" and self.proto is None:
                self.proto = value


class EdgeMiddleware:
    def __init__(
        self, app: ASGIApp, *, cors: ASGIApp, proxies: TrustedProxies, body_timeout: float
    ) -> None:
        self.app = app  # the app without CORS, for requests that carry no Origin
        self.cors = cors  # the same app behind CORS
        self.proxies = proxies
        self.body_timeout = body_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.cors(scope, receive, send)
            return
        started = time.perf_counter()
        seen = _Seen(scope)
        if seen.forwarded_for is not None and self.proxies:
            self.proxies.apply(scope, seen.forwarded_for, seen.proto)
        request_id = seen.request_id or os.urandom(16).hex()
        scope.setdefault("state", {})["request_id"] = request_id
        exchange = _Exchange(receive, send, request_id, self.body_timeout)
        token = REQUEST_ID.set(request_id)
        try:
            app = self.cors if seen.origin else self.app
            await app(scope, exchange.receive, exchange.send)
        finally:
            REQUEST_ID.reset(token)
            log_access(scope, exchange, (time.perf_counter() - started) * 1000)


def log_access(scope: Scope, exchange: _Exchange, ms: float) -> None:
    status = CLIENT_CLOSED if exchange.closed_early else exchange.status
    message = f"{scope.get('method', '')} {scope['path']} {status} {ms:.1f}ms"
    if exchange.closed_early:
        message += " client disconnected"
    elif exchange.timed_out:
        message += " request body timed out"
    sink = access_sink()
    if sink is None:
        ACCESS.info("%s", message, extra={"request_id": exchange.request_id})
        return
    line = sink.line_formatter.line(time.time(), "INFO", ACCESS.name, message, exchange.request_id)
    sink.add(line)
