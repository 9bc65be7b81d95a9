"""SQLite admin storage: one row per admin in `admins`, usernames unique ignoring case."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any
from uuid import UUID

from beautique.adapters.sql.admin_rows import ADMIN_COLUMNS, admin_from_values, admin_values
from beautique.domain.admin import AdminUser

from .database import SqliteDatabase
from .errors import duplicate_is_conflict
from .values import from_text, to_text

INSERT = (
    f"INSERT INTO admins ({ADMIN_COLUMNS}) VALUES "
    "(:id, :username, :email, :password_hash, :role, :is_active, :created_at, :last_login)"
)
SELECT_BY_ID = f"SELECT {ADMIN_COLUMNS} FROM admins WHERE id = ?"
SELECT_BY_USERNAME = f"SELECT {ADMIN_COLUMNS} FROM admins WHERE lower(username) = lower(?)"
# COALESCE: a login without an upgraded hash keeps the stored one.
RECORD_LOGIN = (
    "UPDATE admins SET last_login = ?, password_hash = COALESCE(?, password_hash) WHERE id = ?"
)
COUNT = "SELECT count(*) FROM admins"


def _params(admin: AdminUser) -> dict[str, Any]:
    last_login = admin.last_login
    return {
        **admin_values(admin),
        "id": str(admin.id),
        "is_active": int(admin.is_active),
        "created_at": to_text(admin.created_at),
        "last_login": to_text(last_login) if last_login else None,
    }


def _admin(row: sqlite3.Row | None) -> AdminUser | None:
    if row is None:
        return None
    last_login = row["last_login"]
    stored_types = {
        "id": UUID(row["id"]),
        "created_at": from_text(row["created_at"]),
        "last_login": from_text(last_login) if last_login else None,
    }
    return admin_from_values({**dict(row), **stored_types})


class SqliteAdminRepository:
    """Admins in SQLite; a duplicate username (any case) becomes Conflict at this edge."""

    def __init__(self, db: SqliteDatabase) -> None:
        self._db = db

    async def add(self, admin: AdminUser) -> None:
        with duplicate_is_conflict(f"Username {admin.username!r} is already taken"):
            await self._db.write(lambda conn: conn.execute(INSERT, _params(admin)))

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
