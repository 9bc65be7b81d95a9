"""What an IdempotencyStore keeps and answers: claims on a key, leases and stored responses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class ClaimState(StrEnum):
    NEW = "new"  # the caller owns the key and must complete or release it
    REPLAY = "replay"  # finished before: return the stored response
    IN_FLIGHT = "in_flight"  # another request holds the key right now
    MISMATCH = "mismatch"  # the key was used with a different request body


@dataclass(frozen=True, slots=True)
class StoredResponse:
    status: int
    body: bytes
    location: str | None = None


@dataclass(frozen=True, slots=True)
class KeyLease:
    """One attempt's hold on an Idempotency-Key. The token tells it from a retry that took the
    key over once the lease ran out: only the current token can finish or release the key."""

    key: str
    token: str
    replay_until: datetime  # a finished response is replayed until then


@dataclass(frozen=True, slots=True)
class KeyCompletion:
    """The response a finished checkout leaves under its key, written with its order."""

    lease: KeyLease
    response: StoredResponse


@dataclass(frozen=True, slots=True)
class IdempotencyClaim:
    state: ClaimState
    response: StoredResponse | None = None
    lease: KeyLease | None = None  # for NEW: the caller's hold on the key
