"""Postgres admin storage. (Stub: filled in by the admin-auth work.)"""

from __future__ import annotations

from .database import PostgresDatabase


class PostgresAdminRepository:
    def __init__(self, db: PostgresDatabase) -> None:
        self._db = db
