"""The admin guard: every route under /api/admin/ needs the token of an existing, active admin.

It is app-level middleware (`AdminGuard`), which Litestar runs after routing and before the
route's guards, its dependencies and its body, keyed on the matched route's path template: an
admin controller added later is protected without doing anything, a route must opt *out* (by
being listed in PUBLIC_ADMIN_PATHS), never in. The template, not the raw path, is what it checks:
`//api/admin/x/` and `/api/admin/x` reach the same route and get the same answer.

Middleware rather than an app-level Litestar guard: a guard is called with a copy of the route
handler, on every route of the shop, which cost a tenth of serving `/health`; this costs a
dictionary lookup outside /api/admin. Its errors go through the app's exception handlers (the
error format, CORS) like a guard's.
"""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Receive, Scope, Send

from beautique.application.errors import Unauthorized
from beautique.domain.admin import AdminUser

from .dependencies import container_of

ADMIN_PREFIX = "/api/admin"
PUBLIC_ADMIN_PATHS = frozenset({"/api/admin/login"})
MISSING = "Missing bearer token"
MALFORMED = "Authorization header must be 'Bearer <token>'"


def is_protected(path: str) -> bool:
    path = "/" + path.strip("/")
    under_admin = path == ADMIN_PREFIX or path.startswith(ADMIN_PREFIX + "/")
    return under_admin and path not in PUBLIC_ADMIN_PATHS


def bearer_token(scope: Scope) -> str:
    raw = next((value for name, value in scope["headers"] if name == b"authorization"), b"")
    header = raw.decode("latin-1").strip()
    if not header:
        raise Unauthorized(MISSING)
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized(MALFORMED)
    return token.strip()


class AdminGuard:
    """App-level middleware: a no-op outside admin, else the signed-in admin in `scope["user"]`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._protected: dict[str, bool] = {}  # per route template: a handful of entries

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        template = str(scope.get("path_template") or scope["path"])
        protected = self._protected.get(template)
        if protected is None:
            protected = self._protected[template] = is_protected(template)
        if protected and scope["type"] == ScopeType.HTTP:
            authenticate = container_of(scope["app"].state).admin_authenticate()
            scope["user"] = await authenticate(bearer_token(scope))
        await self.app(scope, receive, send)


def current_admin(connection: ASGIConnection[Any, Any, Any, Any]) -> AdminUser:
    """The admin the guard let in (also `request.user`), for handlers behind the guard."""
    admin = connection.scope.get("user")
    if not isinstance(admin, AdminUser):  # only on a public route, where nobody signed in
        raise Unauthorized(MISSING)
    return admin
