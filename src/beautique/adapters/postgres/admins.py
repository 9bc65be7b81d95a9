"""Postgres admin storage: one row per admin in `admins`, usernames unique ignoring case."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from beautique.adapters.sql.admin_rows import ADMIN_COLUMNS, admin_from_values, admin_values
from beautique.domain.admin import AdminUser

from .database import PostgresDatabase, Row
from .errors import duplicate_is_conflict

INSERT = (
    f"INSERT INTO admins ({ADMIN_COLUMNS}) VALUES (%(id)s, %(username)s, %(email)s, "
    "%(password_hash)s, %(role)s, %(is_active)s, %(created_at)s, %(last_login)s)"
)
SELECT_BY_ID = f"SELECT {ADMIN_COLUMNS} FROM admins WHERE id = %s"
SELECT_BY_USERNAME = f"SELECT {ADMIN_COLUMNS} FROM admins WHERE lower(username) = lower(%s)"
# COALESCE: a login without an upgraded hash keeps the stored one.
RECORD_LOGIN = (
    "UPDATE admins SET last_login = %s, password_hash = COALESCE(%s, password_hash) WHERE id = %s"
)
COUNT = "SELECT count(*) AS n FROM admins"


def _admin(row: Row | None) -> AdminUser | None:
    if row is None:
        return None
    last_login: datetime | None = row["last_login"]
    utc = {
        "created_at": row["created_at"].astimezone(UTC),
        "last_login": last_login.astimezone(UTC) if last_login else None,
    }
    return admin_from_values({**row, **utc})


class PostgresAdminRepository:
    """Admins in Postgres; a duplicate username (any case) becomes Conflict at this edge."""

    def __init__(self, db: PostgresDatabase) -> None:
        self._db = db

    async def add(self, admin: AdminUser) -> None:
        with duplicate_is_conflict(f"Username {admin.username!r} is already taken"):
            async with self._db.connection() as conn:
                await conn.execute(INSERT, admin_values(admin))

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
