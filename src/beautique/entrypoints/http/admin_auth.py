"""POST /api/admin/login (a token for a username and password) and GET /api/admin/me."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import JSONBody

from beautique.application.admin_auth import Login

from .admin_guard import current_admin
from .dependencies import use_cases
from .docs import ADMIN_SECURITY, error_responses
from .limits import LOGIN_BODY_LIMIT
from .rate_limit import client_rate_limit, enforce_login_rate_limit
from .schemas.admin import AdminOut, LoginRequest, LoginResponse, admin_out, login_response

# Per client address across usernames: one address trying many names is limited too. Three
# times the per-username budget leaves room for a shop where several admins share one address.
LOGINS_PER_ADDRESS_FACTOR = 3
login_client_rate_limit = client_rate_limit(
    "login-client", lambda settings: LOGINS_PER_ADDRESS_FACTOR * settings.rate_limit_login
)


class AdminAuthController(Controller):
    path = "/api/admin"
    tags = ["admin"]
    dependencies = use_cases("admin_login")

    @post(
        "/login",
        status_code=200,
        summary="Sign in: a bearer token for a username and password",
        responses=error_responses(401, 429, body=True),
        security=[],
        guards=[login_client_rate_limit],
        request_max_body_size=LOGIN_BODY_LIMIT,
    )
    async def login(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[LoginRequest],
        admin_login: NamedDependency[Login],
    ) -> LoginResponse:
        await enforce_login_rate_limit(request, data.username)
        return login_response(await admin_login(data.username, data.password))

    @get(
        "/me",
        summary="The admin of the presented token",
        responses=error_responses(401),
        security=ADMIN_SECURITY,
    )
    async def me(self, request: Request[Any, Any, Any]) -> AdminOut:
        return admin_out(current_admin(request))
