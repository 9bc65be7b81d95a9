"""What a request may carry before any handler sees it: body sizes and query-string shape.

Body limits are Litestar's `request_max_body_size`, checked against `Content-Length` before a
byte is read and against the bytes actually streamed (chunked bodies), so an oversized body is
refused with 413 before it is buffered or parsed. The app's default covers every JSON route,
admin writes added later included; a route that needs less (login) or more (image uploads)
sets its own.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from litestar.connection import ASGIConnection
from litestar.types import ASGIApp, Receive, Scope, Send

from beautique.domain.errors import RuleViolation

KB = 1024
JSON_BODY_LIMIT = (
    64 * KB
)  # the largest checkout (20 lines, 500-character address and notes) is ~6 KB
LOGIN_BODY_LIMIT = 4 * KB


def too_large_detail(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    limit = JSON_BODY_LIMIT
    handler = connection.scope.get("route_handler")
    resolve = getattr(handler, "resolve_request_max_body_size", None)
    if resolve is not None:
        limit = resolve() or limit
    size = f"{limit // KB} KB" if limit % KB == 0 else f"{limit} bytes"
    return f"Request body too large: this endpoint accepts at most {size}"


class RefuseRepeatedQueryParameters:
    """App-level middleware, run after routing and the admin guard: `?limit=abc&limit=5` is
    ambiguous (which one did the client mean?), so it is a 422 naming the parameter rather than a
    silent pick of the last value. No route takes a list.

    Middleware rather than a Litestar guard for the reason AdminGuard gives (a guard is handed a
    copy of the route handler on every request); and only a query string with an `&` can repeat
    a name, so most requests cost one byte search."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if b"&" in scope.get("query_string", b""):
            counts = Counter(name for name, _ in ASGIConnection(scope).query_params.multi_items())
            repeated = sorted(name for name, count in counts.items() if count > 1)
            if repeated:
                raise RuleViolation({name: ["must be given at most once"] for name in repeated})
        await self.app(scope, receive, send)
