"""The columns of an `admins` row, shared by the SQL adapters (each converts what it stores differently)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from beautique.domain.admin import AdminRole, AdminUser

ADMIN_COLUMNS = "id, username, email, password_hash, role, is_active, created_at, last_login"


def admin_values(admin: AdminUser) -> dict[str, Any]:
    """Column → Python value, before the adapter converts to what it stores."""
    return {
        "id": admin.id,
        "username": admin.username,
        "email": admin.email,
        "password_hash": admin.password_hash,
        "role": admin.role.value,
        "is_active": admin.is_active,
        "created_at": admin.created_at,
        "last_login": admin.last_login,
    }


def admin_from_values(values: Mapping[str, Any]) -> AdminUser:
    """The inverse of `admin_values`, once the adapter has turned its stored types back."""
    return AdminUser(
        id=values["id"],
        username=values["username"],
        email=values["email"],
        password_hash=values["password_hash"],
        role=AdminRole(values["role"]),
        is_active=bool(values["is_active"]),
        created_at=values["created_at"],
        last_login=values["last_login"],
    )
