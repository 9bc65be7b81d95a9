"""What a stored, unexpired idempotency row means for a request: shared by the SQL adapters."""

from __future__ import annotations

from typing import Any, Protocol

from beautique.application.ports import ClaimState, IdempotencyClaim, StoredResponse

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
