"""`Allow` on an OPTIONS answer names every method of the path (RFC 9110 §10.2.1).

Litestar 2 builds a path's OPTIONS handler when the path's first handler is registered and keeps
that handler when more join the path, so its `Allow` named only the methods registered before it
(`OPTIONS /api/admin/products` said `OPTIONS, POST` although GET works too; litestar#4169, fixed
in Litestar 3). `TrueAllow` writes the header again from the finished route table. HEAD is named
wherever GET is: `MethodShims` (head.py) answers it, and sends OPTIONS answers through here.
"""

from __future__ import annotations

import re

from litestar import Litestar
from litestar.datastructures import MutableScopeHeaders
from litestar.routes import HTTPRoute
from litestar.types import Message, Scope, Send

_PARAMETER_TYPE = re.compile(r":[^}]*}")  # `{product_id:str}` is `{product_id}` in path_template


def _methods_by_path(app: Litestar) -> dict[str, str]:
    table = {}
    for route in app.routes:
        if isinstance(route, HTTPRoute):
            methods = set(route.methods) | ({"HEAD"} if "GET" in route.methods else set())
            table[_PARAMETER_TYPE.sub("}", route.path)] = ", ".join(sorted(methods))
    return table


class TrueAllow:
    """Rewrites `Allow` on OPTIONS answers from the finished route table (filled on the first
    OPTIONS: the routes are final by then). Only OPTIONS requests pay for it."""

    def __init__(self) -> None:
        self._table: dict[str, str] = {}

    def send_for(self, scope: Scope, send: Send) -> Send:
        async def rewrite_allow(message: Message) -> None:
            if message["type"] == "http.response.start":
                self._rewrite(message, scope)
            await send(message)

        return rewrite_allow

    def _rewrite(self, message: Message, scope: Scope) -> None:
        headers = MutableScopeHeaders.from_message(message)
        if "allow" not in headers:  # a CORS preflight answers with its own headers
            return
        if not self._table:
            self._table.update(_methods_by_path(Litestar.from_scope(scope)))
        allowed = self._table.get(scope.get("path_template", ""))
        if allowed is not None:
            headers["Allow"] = allowed
