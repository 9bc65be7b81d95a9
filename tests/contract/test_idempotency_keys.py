"""IdempotencyStore contract: memory, SQLite and Postgres claim, replay, release and expire alike."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from beautique.application.ports import ClaimState, StoredResponse
from tests.builders import T0

TTL = 24 * 60 * 60
RESPONSE = StoredResponse(201, b'{"order_id": "BQ-20261121-001"}\xff\x00', "/api/orders/track")


async def test_claim_in_flight_complete_then_replay(storage: Any) -> None:
    store = storage.idempotency
    assert (await store.claim("k1", "fp-a", T0, TTL)).state is ClaimState.NEW
    in_flight = await store.claim("k1", "fp-a", T0 + timedelta(seconds=1), TTL)
    assert in_flight.state is ClaimState.IN_FLIGHT and in_flight.response is None
    await store.complete("k1", RESPONSE)
    replay = await store.claim("k1", "fp-a", T0 + timedelta(hours=23), TTL)
    assert replay.state is ClaimState.REPLAY
    assert replay.response == RESPONSE
    assert (await store.claim("other", "fp-a", T0, TTL)).state is ClaimState.NEW


async def test_replay_keeps_a_missing_location(storage: Any) -> None:
    store = storage.idempotency
    await store.claim("k", "fp", T0, TTL)
    await store.complete("k", StoredResponse(200, b""))
    replay = await store.claim("k", "fp", T0, TTL)
    assert replay.response == StoredResponse(200, b"", None)


async def test_a_different_body_is_a_mismatch_in_flight_or_done(storage: Any) -> None:
    store = storage.idempotency
    await store.claim("k1", "fp-a", T0, TTL)
    assert (await store.claim("k1", "fp-b", T0, TTL)).state is ClaimState.MISMATCH
    await store.complete("k1", RESPONSE)
    mismatch = await store.claim("k1", "fp-b", T0, TTL)
    assert mismatch.state is ClaimState.MISMATCH and mismatch.response is None


async def test_release_frees_an_in_flight_key_but_never_a_finished_one(storage: Any) -> None:
    store = storage.idempotency
    await store.claim("k1", "fp-a", T0, TTL)
    await store.release("k1")
    assert (await store.claim("k1", "fp-b", T0, TTL)).state is ClaimState.NEW
    await store.complete("k1", RESPONSE)
    await store.release("k1")
    assert (await store.claim("k1", "fp-b", T0, TTL)).state is ClaimState.REPLAY
    await store.release("never-claimed")  # harmless


async def test_keys_expire_after_their_ttl(storage: Any) -> None:
    store = storage.idempotency
    await store.claim("done", "fp-a", T0, TTL)
    await store.complete("done", RESPONSE)
    await store.claim("stuck", "fp-a", T0, TTL)  # its request crashed: never completed
    just_before = T0 + timedelta(seconds=TTL - 1)
    assert (await store.claim("done", "fp-a", just_before, TTL)).state is ClaimState.REPLAY
    assert (await store.claim("stuck", "fp-a", just_before, TTL)).state is ClaimState.IN_FLIGHT
    expiry = T0 + timedelta(seconds=TTL)
    assert (await store.claim("done", "fp-b", expiry, TTL)).state is ClaimState.NEW
    assert (await store.claim("stuck", "fp-a", expiry, TTL)).state is ClaimState.NEW
    # A re-taken key is a fresh claim: in flight again, with its own new expiry.
    assert (await store.claim("done", "fp-b", expiry, TTL)).state is ClaimState.IN_FLIGHT
    assert (await store.claim("done", "fp-a", expiry, TTL)).state is ClaimState.MISMATCH


async def test_concurrent_claims_of_one_key_give_exactly_one_new(storage: Any) -> None:
    store = storage.idempotency
    claims = await asyncio.gather(*(store.claim("race", "fp", T0, TTL) for _ in range(20)))
    states = [c.state for c in claims]
    assert states.count(ClaimState.NEW) == 1
    assert states.count(ClaimState.IN_FLIGHT) == 19


async def test_concurrent_claims_of_an_expired_key_give_exactly_one_new(storage: Any) -> None:
    store = storage.idempotency
    await store.claim("old", "fp", T0, 60)
    later = T0 + timedelta(minutes=5)
    claims = await asyncio.gather(*(store.claim("old", "fp", later, TTL) for _ in range(20)))
    states = [c.state for c in claims]
    assert states.count(ClaimState.NEW) == 1
    assert states.count(ClaimState.IN_FLIGHT) == 19
