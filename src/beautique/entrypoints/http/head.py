"""HEAD on every GET route (RFC 9110: a server that answers GET should answer HEAD alike), and
a true `Allow` on OPTIONS answers (allow.py). Both in one pure-ASGI layer that GET and POST pass
through with one comparison, where a Litestar `before_send` hook would run on every message of
every response."""

from __future__ import annotations

from typing import cast

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from .allow import TrueAllow


class MethodShims:
    """Runs a HEAD request as GET and drops the body on the way out, so its status and headers
    (Content-Length, ETag, a 304 for a matching If-None-Match) are exactly what GET gives; sends
    an OPTIONS answer through `TrueAllow`."""

    def __init__(self, app: ASGIApp, allow: TrueAllow) -> None:
        self.app = app
        self.allow = allow

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        method = scope.get("method") if scope["type"] == ScopeType.HTTP else None
        if method == "OPTIONS":
            send = self.allow.send_for(scope, send)
        if method != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app(cast(Scope, {**scope, "method": "GET"}), receive, send_without_body)
