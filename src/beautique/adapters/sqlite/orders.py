"""Sqlite order storage. (Stub: filled in by the ordering work.)"""

from __future__ import annotations

from .database import SqliteDatabase


class SqliteOrderRepository:
    def __init__(self, db: SqliteDatabase) -> None:
        self._db = db


class SqliteOrderSequence:
    def __init__(self, db: SqliteDatabase) -> None:
        self._db = db


class SqliteIdempotencyStore:
    def __init__(self, db: SqliteDatabase) -> None:
        self._db = db
