"""The columns of an `admins` row, shared by the SQL adapters (each converts what it stores differently).

A row is the admin's fields, one column each, so the column list and both mappings are read off
AdminUser itself: a field added there is a column here, and a mapping cannot forget it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from beautique.domain.admin import AdminRole, AdminUser

ADMIN_FIELDS = tuple(field.name for field in dataclasses.fields(AdminUser))
ADMIN_COLUMNS = ", ".join(ADMIN_FIELDS)


def admin_values(admin: AdminUser) -> dict[str, Any]:
    """Column → Python value, before the adapter converts to what it stores."""
    return {**{name: getattr(admin, name) for name in ADMIN_FIELDS}, "role": admin.role.value}


def admin_from_values(values: Mapping[str, Any]) -> AdminUser:
    """The inverse of `admin_values`, once the adapter has turned its stored types back."""
    stored = {name: values[name] for name in ADMIN_FIELDS}
    typed = {"role": AdminRole(values["role"]), "is_active": bool(values["is_active"])}
    return AdminUser(**{**stored, **typed})
