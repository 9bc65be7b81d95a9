"""PostgresIdempotencyStore: Idempotency-Key leases shared by every instance through the database."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from beautique.adapters.sql.idempotency_rows import (
    PURGE_BATCH,
    claim_from_row,
    claim_values,
    finish_values,
    new_lease,
)
from beautique.application.errors import LeaseLost
from beautique.application.ports import ClaimState, IdempotencyClaim, KeyCompletion, KeyLease

from .database import AsyncConn, PostgresDatabase
from .values import aware

# The claim also purges a bounded batch of other expired keys in the same statement (no extra
# round trip); SKIP LOCKED keeps two claims from queueing on each other's purge.
INSERT_KEY = (
    "WITH purged AS (DELETE FROM idempotency_keys WHERE key IN ("
    "SELECT key FROM idempotency_keys WHERE expires_at <= %(now)s AND key <> %(key)s "
    f"LIMIT {PURGE_BATCH} FOR UPDATE SKIP LOCKED)) "
    "INSERT INTO idempotency_keys (key, fingerprint, state, lease_token, created_at, expires_at) "
    "VALUES (%(key)s, %(fingerprint)s, 'in_flight', %(token)s, %(now)s, %(lease_end)s) "
    "ON CONFLICT (key) DO NOTHING RETURNING key"
)
# Take over an expired lease or response. The WHERE is re-checked on the latest row version
# after any concurrent update commits, so of two racing takeovers only one matches.
RETAKE_KEY = (
    "UPDATE idempotency_keys SET fingerprint = %(fingerprint)s, state = 'in_flight', "
    "lease_token = %(token)s, response_status = NULL, response_body = NULL, "
    "response_location = NULL, created_at = %(now)s, expires_at = %(lease_end)s "
    "WHERE key = %(key)s AND expires_at <= %(now)s RETURNING key"
)
SELECT_KEY = (
    "SELECT fingerprint, state, response_status, response_body, response_location "
    "FROM idempotency_keys WHERE key = %(key)s"
)
FINISH_KEY = (
    "UPDATE idempotency_keys SET state = 'done', response_status = %(status)s, "
    "response_body = %(body)s, response_location = %(location)s, expires_at = %(replay_until)s "
    "WHERE key = %(key)s AND lease_token = %(token)s AND state = 'in_flight' RETURNING key"
)
RELEASE_KEY = (
    "DELETE FROM idempotency_keys WHERE key = %(key)s AND lease_token = %(token)s "
    "AND state = 'in_flight'"
)
# A key can only vanish between our statements when its holder releases it; then a new
# attempt takes it. Bounded so a pathological release storm answers "in flight" (409).
CLAIM_ATTEMPTS = 3


class PostgresIdempotencyStore:
    """A key belongs to one request body until it expires; finished responses are replayed.

    Shared by every instance: exactly one of any number of concurrent claims gets NEW.
    """

    def __init__(self, db: PostgresDatabase) -> None:
        self._db = db

    async def claim(
        self, key: str, fingerprint: str, now: datetime, *, lease_seconds: int, ttl_seconds: int
    ) -> IdempotencyClaim:
        lease = new_lease(key, now, ttl_seconds)
        params = {**claim_values(lease, fingerprint, now, lease_seconds), "now": aware(now)}
        for _ in range(CLAIM_ATTEMPTS):
            async with self._db.connection() as conn:
                for statement in (INSERT_KEY, RETAKE_KEY):
                    cur = await conn.execute(statement, params)
                    if await cur.fetchone() is not None:
                        return IdempotencyClaim(ClaimState.NEW, lease=lease)
                cur = await conn.execute(SELECT_KEY, params)
                row = await cur.fetchone()
            if row is not None:
                return claim_from_row(row, fingerprint)
        return IdempotencyClaim(ClaimState.IN_FLIGHT)

    async def release(self, lease: KeyLease) -> None:
        async with self._db.connection() as conn:
            await conn.execute(RELEASE_KEY, {"key": lease.key, "token": lease.token})


async def finish_keys(conn: AsyncConn, completions: Sequence[KeyCompletion]) -> None:
    """Inside the orders' transaction: each response goes under its key while the lease is ours.
    In a pipeline, all are sent before any answer is awaited. LeaseLost when any lease is lost."""
    sent = []
    for completion in completions:
        replay_until = aware(completion.lease.replay_until)
        params = {**finish_values(completion), "replay_until": replay_until}
        sent.append(await conn.execute(FINISH_KEY, params))
    for cur in sent:
        if await cur.fetchone() is None:
            raise LeaseLost()
