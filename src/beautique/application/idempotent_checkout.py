"""The Idempotency-Key guard around checkout: a retried checkout never places a second order."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from beautique.domain.errors import RuleViolation

from .errors import Conflict
from .ports import ClaimState, Clock, IdempotencyStore, StoredResponse

IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60
IDEMPOTENCY_HEADER = "Idempotency-Key"
IDEMPOTENCY_KEY_SHAPE = r"[\x21-\x7e]{1,255}"  # 1..255 visible ASCII characters
_IDEMPOTENCY_KEY = re.compile(IDEMPOTENCY_KEY_SHAPE)


@dataclass(frozen=True, slots=True)
class CheckoutOutcome:
    response: StoredResponse
    replayed: bool


def fingerprint(canonical_body: bytes) -> str:
    """The request's identity for idempotency: sha256 of its canonical (key-sorted) encoding."""
    return hashlib.sha256(canonical_body).hexdigest()


class IdempotentCheckout:
    """A checkout retried with the same Idempotency-Key and body within 24 h gets the first
    response back and places nothing; the same key with another body is refused."""

    def __init__(
        self,
        *,
        store: IdempotencyStore,
        clock: Clock,
        ttl_seconds: int = IDEMPOTENCY_TTL_SECONDS,
    ) -> None:
        self._store = store
        self._clock = clock
        self._ttl = ttl_seconds

    async def run(
        self,
        key: str | None,
        canonical_body: bytes,
        place: Callable[[], Awaitable[StoredResponse]],
    ) -> CheckoutOutcome:
        if key is None:
            return CheckoutOutcome(await place(), replayed=False)
        if not _IDEMPOTENCY_KEY.fullmatch(key):
            raise RuleViolation({IDEMPOTENCY_HEADER: ["must be 1 to 255 visible ASCII characters"]})
        claim = await self._store.claim(
            key, fingerprint(canonical_body), self._clock.now(), self._ttl
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
        return CheckoutOutcome(await self._run_claimed(key, place), replayed=False)

    async def _run_claimed(
        self, key: str, place: Callable[[], Awaitable[StoredResponse]]
    ) -> StoredResponse:
        try:
            response = await place()
        except BaseException:
            # A refused or failed checkout stores nothing: the client may fix it and retry.
            await self._store.release(key)
            raise
        await self._store.complete(key, response)
        return response
