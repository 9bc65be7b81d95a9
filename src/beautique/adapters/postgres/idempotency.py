"""PostgresIdempotencyStore: Idempotency-Key claims shared by every instance through the database."""

from __future__ import annotations

from datetime import datetime, timedelta

from beautique.adapters.sql.idempotency_rows import claim_from_row
from beautique.application.ports import ClaimState, IdempotencyClaim, StoredResponse

from .database import PostgresDatabase
from .values import aware

INSERT_KEY = (
    "INSERT INTO idempotency_keys (key, fingerprint, state, created_at, expires_at) "
    "VALUES (%(key)s, %(fingerprint)s, 'in_flight', %(now)s, %(expires_at)s) "
    "ON CONFLICT (key) DO NOTHING RETURNING key"
)
# Re-take an expired key. The WHERE is re-checked on the latest row version after any
# concurrent update commits, so of two racing retakes only one matches.
RETAKE_KEY = (
    "UPDATE idempotency_keys SET fingerprint = %(fingerprint)s, state = 'in_flight', "
    "response_status = NULL, response_body = NULL, response_location = NULL, "
    "created_at = %(now)s, expires_at = %(expires_at)s "
    "WHERE key = %(key)s AND expires_at <= %(now)s RETURNING key"
)
SELECT_KEY = (
    "SELECT fingerprint, state, response_status, response_body, response_location "
    "FROM idempotency_keys WHERE key = %(key)s"
)
COMPLETE_KEY = (
    "UPDATE idempotency_keys SET state = 'done', response_status = %(status)s, "
    "response_body = %(body)s, response_location = %(location)s WHERE key = %(key)s"
)
RELEASE_KEY = "DELETE FROM idempotency_keys WHERE key = %(key)s AND state = 'in_flight'"
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
        self, key: str, fingerprint: str, now: datetime, ttl_seconds: int
    ) -> IdempotencyClaim:
        params = {
            "key": key,
            "fingerprint": fingerprint,
            "now": aware(now),
            "expires_at": now + timedelta(seconds=ttl_seconds),
        }
        for _ in range(CLAIM_ATTEMPTS):
            async with self._db.connection() as conn:
                for statement in (INSERT_KEY, RETAKE_KEY):
                    cur = await conn.execute(statement, params)
                    if await cur.fetchone() is not None:
                        return IdempotencyClaim(ClaimState.NEW)
                cur = await conn.execute(SELECT_KEY, params)
                row = await cur.fetchone()
            if row is not None:
                return claim_from_row(row, fingerprint)
        return IdempotencyClaim(ClaimState.IN_FLIGHT)

    async def complete(self, key: str, response: StoredResponse) -> None:
        params = {
            "key": key,
            "status": response.status,
            "body": response.body,
            "location": response.location,
        }
        async with self._db.connection() as conn:
            await conn.execute(COMPLETE_KEY, params)

    async def release(self, key: str) -> None:
        async with self._db.connection() as conn:
            await conn.execute(RELEASE_KEY, {"key": key})
