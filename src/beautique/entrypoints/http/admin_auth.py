"""POST /api/admin/login (a token for a username and password) and GET /api/admin/me."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import JSONBody

from beautique.application.admin_auth import Login
from beautique.settings import Settings

from .admin_guard import current_admin
from .dependencies import provide
from .docs import ADMIN_SECURITY, error_responses
from .rate_limit import enforce_rate_limit
from .schemas.admin import AdminOut, LoginRequest, LoginResponse, admin_out, login_response


class AdminAuthController(Controller):
    path = "/api/admin"
    tags = ["admin"]
    dependencies = {
        "login": provide(lambda c: c.admin_login()),
        "settings": provide(lambda c: c.settings()),
    }

    @post(
        "/login",
        status_code=200,
        summary="Sign in: a bearer token for a username and password",
        responses=error_responses(401, 429, body=True),
        security=[],
    )
    async def login(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[LoginRequest],
        login: NamedDependency[Login],
        settings: NamedDependency[Settings],
    ) -> LoginResponse:
        # Per client address *and* username: one attacker cannot lock a real admin out elsewhere.
        await enforce_rate_limit(request, "login", settings.rate_limit_login, data.username)
        return login_response(await login(data.username, data.password))

    @get(
        "/me",
        summary="The admin of the presented token",
        responses=error_responses(401),
        security=ADMIN_SECURITY,
    )
    async def me(self, request: Request[Any, Any, Any]) -> AdminOut:
        return admin_out(current_admin(request))
