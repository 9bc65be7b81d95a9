"""Sqlite admin storage. (Stub: filled in by the admin-auth work.)"""

from __future__ import annotations

from .database import SqliteDatabase


class SqliteAdminRepository:
    def __init__(self, db: SqliteDatabase) -> None:
        self._db = db
