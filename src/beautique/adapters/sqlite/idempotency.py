"""SqliteIdempotencyStore: Idempotency-Key leases shared by every instance through the database."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from beautique.adapters.sql.idempotency_rows import (
    PURGE_BATCH,
    claim_from_row,
    claim_values,
    finish_values,
    new_lease,
)
from beautique.application.errors import LeaseLost
from beautique.application.ports import (
    ClaimState,
    IdempotencyClaim,
    KeyCompletion,
    KeyLease,
)

from .database import SqliteDatabase
from .values import to_text

SELECT_KEY = (
    "SELECT fingerprint, state, response_status, response_body, response_location, expires_at "
    "FROM idempotency_keys WHERE key = :key"
)
TAKE_KEY = (
    "INSERT INTO idempotency_keys (key, fingerprint, state, lease_token, response_status, "
    "response_body, response_location, created_at, expires_at) VALUES (:key, :fingerprint, "
    "'in_flight', :token, NULL, NULL, NULL, :now, :lease_end) ON CONFLICT (key) DO UPDATE "
    "SET fingerprint = excluded.fingerprint, state = 'in_flight', lease_token = excluded.lease_token, "
    "response_status = NULL, response_body = NULL, response_location = NULL, "
    "created_at = excluded.created_at, expires_at = excluded.expires_at"
)
PURGE_EXPIRED = (
    "DELETE FROM idempotency_keys WHERE key IN (SELECT key FROM idempotency_keys "
    f"WHERE expires_at <= :now AND key <> :key LIMIT {PURGE_BATCH})"
)
FINISH_KEY = (
    "UPDATE idempotency_keys SET state = 'done', response_status = :status, "
    "response_body = :body, response_location = :location, expires_at = :replay_until "
    "WHERE key = :key AND lease_token = :token AND state = 'in_flight'"
)
RELEASE_KEY = (
    "DELETE FROM idempotency_keys WHERE key = :key AND lease_token = :token AND state = 'in_flight'"
)


class SqliteIdempotencyStore:
    """A key belongs to one request body until it expires; finished responses are replayed.

    The whole claim runs in one BEGIN IMMEDIATE transaction, so two claims never interleave.
    """

    def __init__(self, db: SqliteDatabase) -> None:
        self._db = db

    async def claim(
        self, key: str, fingerprint: str, now: datetime, *, lease_seconds: int, ttl_seconds: int
    ) -> IdempotencyClaim:
        lease = new_lease(key, now, ttl_seconds)
        claimed = claim_values(lease, fingerprint, now, lease_seconds)
        take = {**claimed, "now": to_text(now), "lease_end": to_text(claimed["lease_end"])}

        def work(conn: sqlite3.Connection) -> IdempotencyClaim:
            conn.execute(PURGE_EXPIRED, take)
            row = conn.execute(SELECT_KEY, {"key": key}).fetchone()
            if row is None or row["expires_at"] <= take["now"]:
                conn.execute(TAKE_KEY, take)
                return IdempotencyClaim(ClaimState.NEW, lease=lease)
            return claim_from_row(row, fingerprint)

        return await self._db.write(work)

    async def release(self, lease: KeyLease) -> None:
        params = {"key": lease.key, "token": lease.token}
        await self._db.write(lambda conn: conn.execute(RELEASE_KEY, params))


def finish_key(conn: sqlite3.Connection, completion: KeyCompletion) -> None:
    """Inside the order's transaction: the response goes under the key while the lease is ours."""
    params = {**finish_values(completion), "replay_until": to_text(completion.lease.replay_until)}
    if conn.execute(FINISH_KEY, params).rowcount != 1:
        raise LeaseLost()
