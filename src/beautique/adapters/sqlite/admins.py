"""SQLite admin storage: one row per admin in `admins`, usernames unique ignoring case."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any
from uuid import UUID

from beautique.application.errors import Conflict
from beautique.domain.admin import AdminRole, AdminUser

from .database import SqliteDatabase
from .values import from_text, to_text

COLUMNS = "id, username, email, password_hash, role, is_active, created_at, last_login"
INSERT = (
    f"INSERT INTO admins ({COLUMNS}) VALUES "
    "(:id, :username, :email, :password_hash, :role, :is_active, :created_at, :last_login)"
)
SELECT_BY_ID = f"SELECT {COLUMNS} FROM admins WHERE id = ?"
SELECT_BY_USERNAME = f"SELECT {COLUMNS} FROM admins WHERE lower(username) = lower(?)"
# COALESCE: a login without an upgraded hash keeps the stored one.
RECORD_LOGIN = (
    "UPDATE admins SET last_login = ?, password_hash = COALESCE(?, password_hash) WHERE id = ?"
)
SET_ACTIVE = "UPDATE admins SET is_active = ? WHERE id = ?"
DELETE = "DELETE FROM admins WHERE id = ?"
COUNT = "SELECT count(*) FROM admins"


def _params(admin: AdminUser) -> dict[str, Any]:
    return {
        "id": str(admin.id),
        "username": admin.username,
        "email": admin.email,
        "password_hash": admin.password_hash,
        "role": admin.role.value,
        "is_active": int(admin.is_active),
        "created_at": to_text(admin.created_at),
        "last_login": to_text(admin.last_login) if admin.last_login else None,
    }


def _admin(row: sqlite3.Row | None) -> AdminUser | None:
    if row is None:
        return None
    return AdminUser(
        id=UUID(row["id"]),
        username=row["username"],
        email=row["email"],
        password_hash=row["password_hash"],
        role=AdminRole(row["role"]),
        is_active=bool(row["is_active"]),
        created_at=from_text(row["created_at"]),
        last_login=from_text(row["last_login"]) if row["last_login"] else None,
    )


class SqliteAdminRepository:
    """Admins in SQLite; a duplicate username (any case) becomes Conflict at this edge."""

    def __init__(self, db: SqliteDatabase) -> None:
        self._db = db

    async def add(self, admin: AdminUser) -> None:
        def insert(conn: sqlite3.Connection) -> None:
            try:
                conn.execute(INSERT, _params(admin))
            except sqlite3.IntegrityError as exc:
                if "UNIQUE" not in str(exc):  # a CHECK failing is a bug upstream, not a conflict
                    raise
                raise Conflict(f"Username {admin.username!r} is already taken") from exc

        await self._db.write(insert)

    async def get(self, admin_id: UUID) -> AdminUser | None:
        return await self._db.read(
            lambda conn: _admin(conn.execute(SELECT_BY_ID, (str(admin_id),)).fetchone())
        )

    async def get_by_username(self, username: str) -> AdminUser | None:
        return await self._db.read(
            lambda conn: _admin(conn.execute(SELECT_BY_USERNAME, (username,)).fetchone())
        )

    async def record_login(
        self, admin_id: UUID, at: datetime, password_hash: str | None = None
    ) -> None:
        params = (to_text(at), password_hash, str(admin_id))
        await self._db.write(lambda conn: conn.execute(RECORD_LOGIN, params))

    async def count(self) -> int:
        return await self._db.read(lambda conn: int(conn.execute(COUNT).fetchone()[0]))

    async def set_active(self, admin_id: UUID, active: bool) -> bool:
        return await self._db.write(
            lambda conn: conn.execute(SET_ACTIVE, (int(active), str(admin_id))).rowcount == 1
        )

    async def delete(self, admin_id: UUID) -> bool:
        return await self._db.write(
            lambda conn: conn.execute(DELETE, (str(admin_id),)).rowcount == 1
        )
