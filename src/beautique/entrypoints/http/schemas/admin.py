"""Wire shapes of admin sign-in and the Admin resource."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from beautique.application.admin_auth import LoginResult
from beautique.domain.admin import AdminRole, AdminUser

from .common import mapper
from .wire import one_of


class LoginRequest(msgspec.Struct, forbid_unknown_fields=True):
    username: str
    password: str


class AdminOut(msgspec.Struct):
    id: UUID
    username: str
    email: str
    role: Annotated[str, one_of(AdminRole)]
    is_active: bool
    created_at: datetime
    last_login: datetime | None


class LoginResponse(msgspec.Struct):
    access_token: str
    token_type: Literal["bearer"]
    expires_in: int
    admin: AdminOut


admin_out = mapper(AdminUser, AdminOut, role="role.value")


def login_response(result: LoginResult) -> LoginResponse:
    return LoginResponse(
        access_token=result.token.token,
        token_type="bearer",
        expires_in=result.token.expires_in,
        admin=admin_out(result.admin),
    )
