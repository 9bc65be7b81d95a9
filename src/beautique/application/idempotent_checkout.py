"""The Idempotency-Key guard around checkout: a retried checkout never places a second order."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from beautique.domain.errors import RuleViolation

from .errors import Conflict, LeaseLost
from .ports import ClaimState, Clock, IdempotencyStore, KeyLease, StoredResponse

IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60
# Long enough for any checkout (each database statement gives up after a few seconds), short
# enough that a customer whose attempt died with its process can retry within a minute.
IDEMPOTENCY_LEASE_SECONDS = 30
IDEMPOTENCY_HEADER = "Idempotency-Key"
IDEMPOTENCY_KEY_SHAPE = r"[\x21-\x7e]{1,255}"  # 1..255 visible ASCII characters
_IDEMPOTENCY_KEY = re.compile(IDEMPOTENCY_KEY_SHAPE)

log = logging.getLogger("beautique.orders")

# Places the order; with a lease, it stores the response under the key in the order's own
# transaction (OrderRepository.add with a KeyCompletion), so both happen or neither.
Placer = Callable[[KeyLease | None], Awaitable[StoredResponse]]


@dataclass(frozen=True, slots=True)
class CheckoutOutcome:
    response: StoredResponse
    replayed: bool


def fingerprint(canonical_body: bytes) -> str:
    """The request's identity for idempotency: sha256 of its canonical (key-sorted) encoding."""
    return hashlib.sha256(canonical_body).hexdigest()


class IdempotentCheckout:
    """A checkout retried with the same Idempotency-Key and body within 24 h gets the first
    response back and places nothing; the same key with another body is refused. A request
    holds its key for a short lease: if it dies, a retry takes over once the lease ends, and
    the dead attempt can no longer store an order."""

    def __init__(
        self,
        *,
        store: IdempotencyStore,
        clock: Clock,
        ttl_seconds: int = IDEMPOTENCY_TTL_SECONDS,
        lease_seconds: int = IDEMPOTENCY_LEASE_SECONDS,
    ) -> None:
        self._store = store
        self._clock = clock
        self._ttl = ttl_seconds
        self._lease = lease_seconds

    async def run(self, key: str | None, canonical_body: bytes, place: Placer) -> CheckoutOutcome:
        if key is None:
            return CheckoutOutcome(await place(None), replayed=False)
        if not _IDEMPOTENCY_KEY.fullmatch(key):
            raise RuleViolation({IDEMPOTENCY_HEADER: ["must be 1 to 255 visible ASCII characters"]})
        claim = await self._store.claim(
            key,
            fingerprint(canonical_body),
            self._clock.now(),
            lease_seconds=self._lease,
            ttl_seconds=self._ttl,
        )
        if claim.state is ClaimState.REPLAY:
            assert claim.response is not None  # the store keeps the response of a finished key
            return CheckoutOutcome(claim.response, replayed=True)
        if claim.state is ClaimState.IN_FLIGHT:
            raise Conflict(
                "A request with this Idempotency-Key is still being processed; retry shortly"
            )
        if claim.state is ClaimState.MISMATCH:
            raise RuleViolation(
                {IDEMPOTENCY_HEADER: ["was already used with a different request body"]}
            )
        assert claim.lease is not None  # a NEW claim comes with its lease
        return CheckoutOutcome(await self._run_claimed(claim.lease, place), replayed=False)

    async def _run_claimed(self, lease: KeyLease, place: Placer) -> StoredResponse:
        try:
            return await place(lease)
        except LeaseLost:
            raise  # a retry holds the key now: it is not ours to release
        except BaseException:
            # A refused or failed checkout stores nothing: the client may fix it and retry.
            await self._release(lease)
            raise

    async def _release(self, lease: KeyLease) -> None:
        try:
            await self._store.release(lease)
        except Exception:  # the database may be what failed: the lease runs out by itself
            log.warning("could not release an Idempotency-Key; it frees itself when its lease ends")
