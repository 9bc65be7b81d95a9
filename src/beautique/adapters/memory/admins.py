"""In-memory admin storage: the reference behaviour the SQL adapters must match."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from uuid import UUID

from beautique.application.errors import Conflict
from beautique.domain.admin import AdminUser


class InMemoryAdminRepository:
    """Admins in a dict; usernames unique ignoring (ASCII) case, as in the databases."""

    def __init__(self) -> None:
        self._by_id: dict[UUID, AdminUser] = {}

    async def add(self, admin: AdminUser) -> None:
        if admin.id in self._by_id or await self.get_by_username(admin.username):
            raise Conflict(f"Username {admin.username!r} is already taken")
        self._by_id[admin.id] = admin

    async def get(self, admin_id: UUID) -> AdminUser | None:
        return self._by_id.get(admin_id)

    async def get_by_username(self, username: str) -> AdminUser | None:
        key = username.lower()
        return next((a for a in self._by_id.values() if a.username.lower() == key), None)

    async def record_login(
        self, admin_id: UUID, at: datetime, password_hash: str | None = None
    ) -> None:
        if admin := self._by_id.get(admin_id):
            admin = admin.logged_in(at)
            if password_hash is not None:
                admin = replace(admin, password_hash=password_hash)
            self._by_id[admin_id] = admin

    async def count(self) -> int:
        return len(self._by_id)
