"""Postgres order storage. (Stub: filled in by the ordering work.)"""

from __future__ import annotations

from .database import PostgresDatabase


class PostgresOrderRepository:
    def __init__(self, db: PostgresDatabase) -> None:
        self._db = db


class PostgresOrderSequence:
    def __init__(self, db: PostgresDatabase) -> None:
        self._db = db


class PostgresIdempotencyStore:
    def __init__(self, db: PostgresDatabase) -> None:
        self._db = db
