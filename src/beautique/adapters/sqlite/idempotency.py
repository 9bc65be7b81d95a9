"""SqliteIdempotencyStore: Idempotency-Key claims shared by every instance through the database."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

from beautique.adapters.sql.idempotency_rows import claim_from_row
from beautique.application.ports import ClaimState, IdempotencyClaim, StoredResponse

from .database import SqliteDatabase
from .values import to_text

SELECT_KEY = (
    "SELECT fingerprint, state, response_status, response_body, response_location, expires_at "
    "FROM idempotency_keys WHERE key = :key"
)
TAKE_KEY = (
    "INSERT INTO idempotency_keys (key, fingerprint, state, response_status, response_body, "
    "response_location, created_at, expires_at) VALUES (:key, :fingerprint, 'in_flight', NULL, "
    "NULL, NULL, :created_at, :expires_at) ON CONFLICT (key) DO UPDATE SET "
    "fingerprint = excluded.fingerprint, state = 'in_flight', response_status = NULL, "
    "response_body = NULL, response_location = NULL, created_at = excluded.created_at, "
    "expires_at = excluded.expires_at"
)
COMPLETE_KEY = (
    "UPDATE idempotency_keys SET state = 'done', response_status = :status, "
    "response_body = :body, response_location = :location WHERE key = :key"
)
RELEASE_KEY = "DELETE FROM idempotency_keys WHERE key = :key AND state = 'in_flight'"


class SqliteIdempotencyStore:
    """A key belongs to one request body until it expires; finished responses are replayed.

    The whole claim runs in one BEGIN IMMEDIATE transaction, so two claims never interleave.
    """

    def __init__(self, db: SqliteDatabase) -> None:
        self._db = db

    async def claim(
        self, key: str, fingerprint: str, now: datetime, ttl_seconds: int
    ) -> IdempotencyClaim:
        take = {
            "key": key,
            "fingerprint": fingerprint,
            "created_at": to_text(now),
            "expires_at": to_text(now + timedelta(seconds=ttl_seconds)),
        }

        def work(conn: sqlite3.Connection) -> IdempotencyClaim:
            row = conn.execute(SELECT_KEY, {"key": key}).fetchone()
            if row is None or row["expires_at"] <= take["created_at"]:
                conn.execute(TAKE_KEY, take)
                return IdempotencyClaim(ClaimState.NEW)
            return claim_from_row(row, fingerprint)

        return await self._db.write(work)

    async def complete(self, key: str, response: StoredResponse) -> None:
        params = {
            "key": key,
            "status": response.status,
            "body": response.body,
            "location": response.location,
        }
        await self._db.write(lambda conn: conn.execute(COMPLETE_KEY, params))

    async def release(self, key: str) -> None:
        await self._db.write(lambda conn: conn.execute(RELEASE_KEY, {"key": key}))
