"""Idempotency keys in SQL, shared by both adapters: what a claim and a finish bind, and what a
stored, unexpired row means for a request. Instants are datetimes here; each adapter turns them into
what it stores."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any, Protocol

from beautique.application.ports import (
    ClaimState,
    IdempotencyClaim,
    KeyCompletion,
    KeyLease,
    StoredResponse,
)

# Expired keys deleted per claim: bounded, so no checkout pays for a long backlog.
PURGE_BATCH = 100


class KeyRow(Protocol):
    """A row of `idempotency_keys` read by column name (sqlite3.Row or a psycopg dict row)."""

    def __getitem__(self, column: str) -> Any: ...


def claim_from_row(row: KeyRow, fingerprint: str) -> IdempotencyClaim:
    """Another body → MISMATCH; still running → IN_FLIGHT; finished → REPLAY its response."""
    if row["fingerprint"] != fingerprint:
        return IdempotencyClaim(ClaimState.MISMATCH)
    if row["state"] == "in_flight":
        return IdempotencyClaim(ClaimState.IN_FLIGHT)
    response = StoredResponse(
        status=row["response_status"],
        body=bytes(row["response_body"]),
        location=row["response_location"],
    )
    return IdempotencyClaim(ClaimState.REPLAY, response)


def new_lease(key: str, now: datetime, ttl_seconds: int) -> KeyLease:
    """A fresh random token: only the attempt holding it may finish or release the key."""
    return KeyLease(key, secrets.token_hex(16), now + timedelta(seconds=ttl_seconds))


def claim_values(
    lease: KeyLease, fingerprint: str, now: datetime, lease_seconds: int
) -> dict[str, Any]:
    """What a claim binds: the key, the body's fingerprint, the token, now and the lease's end."""
    return {
        "key": lease.key,
        "fingerprint": fingerprint,
        "token": lease.token,
        "now": now,
        "lease_end": now + timedelta(seconds=lease_seconds),
    }


def finish_values(completion: KeyCompletion) -> dict[str, Any]:
    """What storing a response under a leased key binds (`replay_until` ends its replays)."""
    lease, response = completion.lease, completion.response
    return {
        "key": lease.key,
        "token": lease.token,
        "replay_until": lease.replay_until,
        "status": response.status,
        "body": response.body,
        "location": response.location,
    }
