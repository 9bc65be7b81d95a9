"""Sqlite catalogue storage. (Stub: filled in by the catalogue storage work.)"""

from __future__ import annotations

from .database import SqliteDatabase


class SqliteProductRepository:
    def __init__(self, db: SqliteDatabase) -> None:
        self._db = db


class SqliteCatalogVersion:
    def __init__(self, db: SqliteDatabase) -> None:
        self._db = db
