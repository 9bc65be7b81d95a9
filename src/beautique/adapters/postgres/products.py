"""Postgres catalogue storage. (Stub: filled in by the catalogue storage work.)"""

from __future__ import annotations

from .database import PostgresDatabase


class PostgresProductRepository:
    def __init__(self, db: PostgresDatabase) -> None:
        self._db = db


class PostgresCatalogVersion:
    def __init__(self, db: PostgresDatabase) -> None:
        self._db = db
