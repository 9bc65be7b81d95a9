"""The admin guard: every route under /api/admin/ needs the token of an existing, active admin.

It is an app-level Litestar guard keyed on the matched route's path template, so an admin
controller added later is protected without doing anything: a route must opt *out* (by being
listed in PUBLIC_ADMIN_PATHS), never in. The template, not the raw path, is what it checks:
`//api/admin/x/` and `/api/admin/x` reach the same route and get the same answer.
"""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

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


def bearer_token(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    header = connection.headers.get("authorization", "").strip()
    if not header:
        raise Unauthorized(MISSING)
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized(MALFORMED)
    return token.strip()


async def require_admin(
    connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler
) -> None:
    """Runs before every route handler (and before its body is read); a no-op outside admin."""
    scope = connection.scope
    if not is_protected(str(scope.get("path_template") or scope["path"])):
        return
    authenticate = container_of(connection.app.state).admin_authenticate()
    scope["user"] = await authenticate(bearer_token(connection))


def current_admin(connection: ASGIConnection[Any, Any, Any, Any]) -> AdminUser:
    """The admin the guard let in (also `request.user`), for handlers behind the guard."""
    admin = connection.scope.get("user")
    if not isinstance(admin, AdminUser):  # only on a public route, where nobody signed in
        raise Unauthorized(MISSING)
    return admin
