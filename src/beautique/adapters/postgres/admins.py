"""Postgres admin storage: one row per admin in `admins`, usernames unique ignoring case."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from psycopg import errors as pg_errors

from beautique.application.errors import Conflict
from beautique.domain.admin import AdminRole, AdminUser

from .database import PostgresDatabase, Row

COLUMNS = "id, username, email, password_hash, role, is_active, created_at, last_login"
INSERT = (
    f"INSERT INTO admins ({COLUMNS}) VALUES (%(id)s, %(username)s, %(email)s, "
    "%(password_hash)s, %(role)s, %(is_active)s, %(created_at)s, %(last_login)s)"
)
SELECT_BY_ID = f"SELECT {COLUMNS} FROM admins WHERE id = %s"
SELECT_BY_USERNAME = f"SELECT {COLUMNS} FROM admins WHERE lower(username) = lower(%s)"
# COALESCE: a login without an upgraded hash keeps the stored one.
RECORD_LOGIN = (
    "UPDATE admins SET last_login = %s, password_hash = COALESCE(%s, password_hash) WHERE id = %s"
)
SET_ACTIVE = "UPDATE admins SET is_active = %s WHERE id = %s"
DELETE = "DELETE FROM admins WHERE id = %s"
COUNT = "SELECT count(*) AS n FROM admins"


def _params(admin: AdminUser) -> dict[str, Any]:
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


def _admin(row: Row | None) -> AdminUser | None:
    if row is None:
        return None
    last_login: datetime | None = row["last_login"]
    return AdminUser(
        id=row["id"],
        username=row["username"],
        email=row["email"],
        password_hash=row["password_hash"],
        role=AdminRole(row["role"]),
        is_active=row["is_active"],
        created_at=row["created_at"].astimezone(UTC),
        last_login=last_login.astimezone(UTC) if last_login else None,
    )


class PostgresAdminRepository:
    """Admins in Postgres; a duplicate username (any case) becomes Conflict at this edge."""

    def __init__(self, db: PostgresDatabase) -> None:
        self._db = db

    async def add(self, admin: AdminUser) -> None:
        try:
            async with self._db.connection() as conn:
                await conn.execute(INSERT, _params(admin))
        except pg_errors.UniqueViolation as exc:
            raise Conflict(f"Username {admin.username!r} is already taken") from exc

    async def _one(self, query: str, param: object) -> AdminUser | None:
        async with self._db.connection() as conn:
            cur = await conn.execute(query, (param,))
            return _admin(await cur.fetchone())

    async def get(self, admin_id: UUID) -> AdminUser | None:
        return await self._one(SELECT_BY_ID, admin_id)

    async def get_by_username(self, username: str) -> AdminUser | None:
        return await self._one(SELECT_BY_USERNAME, username)

    async def record_login(
        self, admin_id: UUID, at: datetime, password_hash: str | None = None
    ) -> None:
        async with self._db.connection() as conn:
            await conn.execute(RECORD_LOGIN, (at, password_hash, admin_id))

    async def count(self) -> int:
        async with self._db.connection() as conn:
            cur = await conn.execute(COUNT)
            row = await cur.fetchone()
        return int(row["n"]) if row else 0

    async def set_active(self, admin_id: UUID, active: bool) -> bool:
        async with self._db.connection() as conn:
            cur = await conn.execute(SET_ACTIVE, (active, admin_id))
            return cur.rowcount == 1

    async def delete(self, admin_id: UUID) -> bool:
        async with self._db.connection() as conn:
            cur = await conn.execute(DELETE, (admin_id,))
            return cur.rowcount == 1
