"""Idempotency-Key storage contract: memory, SQLite and Postgres behave the same.

A claim is a short lease. The key is finished only together with its order, in the order's own
transaction, and only while the lease is still the claimant's: an attempt that lost its lease
to a retry stores neither its order nor a response. Expired keys are purged as claims go by.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

import pytest

from beautique.application.errors import LeaseLost
from beautique.application.ports import ClaimState, IdempotencyClaim, KeyCompletion, StoredResponse
from beautique.application.queries import OrderQuery
from beautique.domain.order import Order
from tests.builders import DAY, T0, make_order

TTL = 24 * 60 * 60
LEASE = 30
RESPONSE = StoredResponse(201, b'{"order_id": "BQ-20261121-001"}\xff\x00', "/api/orders/track")


async def claim(
    storage: Any, key: str, fingerprint: str, at: datetime, lease: int = LEASE
) -> IdempotencyClaim:
    result: IdempotencyClaim = await storage.idempotency.claim(
        key, fingerprint, at, lease_seconds=lease, ttl_seconds=TTL
    )
    return result


async def finish(
    storage: Any, claimed: IdempotencyClaim, response: StoredResponse = RESPONSE
) -> Order:
    """Store an order and, in the same transaction, the response under the claimed key."""
    assert claimed.state is ClaimState.NEW and claimed.lease is not None
    completion = KeyCompletion(claimed.lease, response)
    order: Order = await storage.orders.place(
        (), DAY, lambda products: lambda number: (make_order(number), completion)
    )
    return order


async def stored_order_count(storage: Any) -> int:
    return int((await storage.order_queries.list_orders(OrderQuery())).total)


async def stored_key_count(storage: Any) -> int:
    """Rows (or entries) the store keeps, read straight from each backend."""
    if hasattr(storage, "db") and hasattr(storage.db, "pool"):
        async with storage.db.connection() as conn:
            cur = await conn.execute("SELECT count(*) AS n FROM idempotency_keys")
            row = await cur.fetchone()
            return int(row["n"])
    if hasattr(storage, "db"):
        sql = "SELECT count(*) FROM idempotency_keys"
        return int(await storage.db.read(lambda conn: conn.execute(sql).fetchone()[0]))
    return len(storage.idempotency._entries)


# --- claims, replays, mismatches ---------------------------------------------------------


async def test_claim_in_flight_finish_then_replay(storage: Any) -> None:
    first = await claim(storage, "k1", "fp-a", T0)
    assert first.state is ClaimState.NEW and first.lease is not None
    assert first.lease.key == "k1" and first.lease.token
    in_flight = await claim(storage, "k1", "fp-a", T0 + timedelta(seconds=1))
    assert in_flight.state is ClaimState.IN_FLIGHT and in_flight.response is None
    await finish(storage, first)
    replay = await claim(storage, "k1", "fp-a", T0 + timedelta(hours=23))
    assert replay.state is ClaimState.REPLAY and replay.lease is None
    assert replay.response == RESPONSE
    assert (await claim(storage, "other", "fp-a", T0)).state is ClaimState.NEW


async def test_replay_keeps_a_missing_location(storage: Any) -> None:
    await finish(storage, await claim(storage, "k", "fp", T0), response=StoredResponse(200, b""))
    replay = await claim(storage, "k", "fp", T0)
    assert replay.response == StoredResponse(200, b"", None)


async def test_a_different_body_is_a_mismatch_in_flight_or_done(storage: Any) -> None:
    first = await claim(storage, "k1", "fp-a", T0)
    assert (await claim(storage, "k1", "fp-b", T0)).state is ClaimState.MISMATCH
    await finish(storage, first)
    mismatch = await claim(storage, "k1", "fp-b", T0)
    assert mismatch.state is ClaimState.MISMATCH and mismatch.response is None


async def test_release_frees_an_in_flight_key_but_never_a_finished_one(storage: Any) -> None:
    first = await claim(storage, "k1", "fp-a", T0)
    assert first.lease is not None
    await storage.idempotency.release(first.lease)
    second = await claim(storage, "k1", "fp-b", T0)
    assert second.state is ClaimState.NEW and second.lease is not None
    await finish(storage, second)
    await storage.idempotency.release(second.lease)
    assert (await claim(storage, "k1", "fp-b", T0)).state is ClaimState.REPLAY


async def test_finished_keys_replay_until_their_ttl(storage: Any) -> None:
    await finish(storage, await claim(storage, "done", "fp-a", T0))
    just_before = T0 + timedelta(seconds=TTL - 1)
    assert (await claim(storage, "done", "fp-a", just_before)).state is ClaimState.REPLAY
    expiry = T0 + timedelta(seconds=TTL)
    assert (await claim(storage, "done", "fp-b", expiry)).state is ClaimState.NEW
    # A re-taken key is a fresh claim: in flight again, with its own new lease.
    assert (await claim(storage, "done", "fp-b", expiry)).state is ClaimState.IN_FLIGHT
    assert (await claim(storage, "done", "fp-a", expiry)).state is ClaimState.MISMATCH


# --- leases ------------------------------------------------------------------------------


async def test_an_abandoned_claim_is_taken_over_when_its_lease_ends(storage: Any) -> None:
    """The attempt crashed: its retry waits out the lease (seconds, not 24 h), then runs."""
    crashed = await claim(storage, "k", "fp", T0)
    lease_end = T0 + timedelta(seconds=LEASE)
    held = await claim(storage, "k", "fp", lease_end - timedelta(seconds=1))
    assert held.state is ClaimState.IN_FLIGHT
    retry = await claim(storage, "k", "fp", lease_end)
    assert retry.state is ClaimState.NEW and retry.lease is not None
    assert crashed.lease is not None and retry.lease.token != crashed.lease.token
    await finish(storage, retry)
    assert (await claim(storage, "k", "fp", lease_end)).response == RESPONSE


async def test_an_attempt_that_lost_its_lease_stores_no_order(storage: Any) -> None:
    slow = await claim(storage, "k", "fp", T0)
    retry = await claim(storage, "k", "fp", T0 + timedelta(seconds=LEASE))
    with pytest.raises(LeaseLost):
        await finish(storage, slow, response=StoredResponse(201, b"slow"))
    assert await stored_order_count(storage) == 0
    assert slow.lease is not None
    await storage.idempotency.release(slow.lease)  # not the holder any more: changes nothing
    assert (await claim(storage, "k", "fp", T0 + timedelta(seconds=LEASE))).state is (
        ClaimState.IN_FLIGHT
    )
    order = await finish(storage, retry)
    assert await stored_order_count(storage) == 1
    assert await storage.orders.get(order.id) == order
    replay = await claim(storage, "k", "fp", T0 + timedelta(seconds=LEASE + 1))
    assert replay.response == RESPONSE


async def test_a_lost_lease_is_lost_even_once_the_retry_finished(storage: Any) -> None:
    slow = await claim(storage, "k", "fp", T0)
    await finish(storage, await claim(storage, "k", "fp", T0 + timedelta(seconds=LEASE)))
    with pytest.raises(LeaseLost):
        await finish(storage, slow)
    assert await stored_order_count(storage) == 1


async def test_a_lost_lease_in_a_burst_of_checkouts_fails_that_checkout_alone(
    storage: Any,
) -> None:
    """Checkouts placed at once may be stored in one transaction (PostgreSQL batches them):
    the one whose lease was lost stores nothing, the others are stored with their keys."""
    slow = await claim(storage, "slow", "fp", T0)
    await claim(storage, "slow", "fp", T0 + timedelta(seconds=LEASE))  # its retry took over
    others = [await claim(storage, f"k{n}", "fp", T0) for n in range(3)]

    burst = [finish(storage, others[0]), finish(storage, slow), finish(storage, others[1])]
    outcomes = await asyncio.gather(*burst, finish(storage, others[2]), return_exceptions=True)

    assert isinstance(outcomes[1], LeaseLost)
    assert all(isinstance(outcomes[n], Order) for n in (0, 2, 3))
    assert await stored_order_count(storage) == 3
    for n in range(3):
        assert (await claim(storage, f"k{n}", "fp", T0)).response == RESPONSE


async def test_concurrent_claims_of_one_key_give_exactly_one_new(storage: Any) -> None:
    claims = await asyncio.gather(*(claim(storage, "race", "fp", T0) for _ in range(20)))
    states = [c.state for c in claims]
    assert states.count(ClaimState.NEW) == 1
    assert states.count(ClaimState.IN_FLIGHT) == 19


async def test_concurrent_takeovers_of_an_expired_lease_give_exactly_one_new(storage: Any) -> None:
    await claim(storage, "old", "fp", T0, lease=60)
    later = T0 + timedelta(minutes=5)
    claims = await asyncio.gather(*(claim(storage, "old", "fp", later) for _ in range(20)))
    states = [c.state for c in claims]
    assert states.count(ClaimState.NEW) == 1
    assert states.count(ClaimState.IN_FLIGHT) == 19


# --- purge -------------------------------------------------------------------------------


async def test_expired_keys_are_purged_as_new_claims_come(storage: Any) -> None:
    await finish(storage, await claim(storage, "finished", "fp", T0))
    await claim(storage, "abandoned", "fp", T0)
    await finish(storage, await claim(storage, "recent", "fp", T0 + timedelta(seconds=10)))
    assert await stored_key_count(storage) == 3
    next_day = T0 + timedelta(seconds=TTL + 5)
    await claim(storage, "next-day", "fp", next_day)
    assert await stored_key_count(storage) == 2  # "recent" still replays; "next-day" is new
    replay = await claim(storage, "recent", "fp", next_day)
    assert replay.state is ClaimState.REPLAY
    assert await stored_order_count(storage) == 2  # orders outlive their keys
