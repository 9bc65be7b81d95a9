"""IdempotentCheckout over in-memory storage: replays, mismatches, in-flight keys, released keys."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from beautique.adapters.memory.storage import InMemoryStorage
from beautique.application.errors import Conflict
from beautique.application.idempotent_checkout import IdempotentCheckout
from beautique.application.ports import StoredResponse
from beautique.domain.errors import PriceChanged, RuleViolation
from tests.fakes import SettableClock


def new_checkout() -> IdempotentCheckout:
    clock = SettableClock(datetime(2026, 11, 21, 9, 0, tzinfo=UTC))
    return IdempotentCheckout(store=InMemoryStorage().idempotency, clock=clock)


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    async def __call__(self) -> StoredResponse:
        self.calls += 1
        return StoredResponse(201, f'{{"n": {self.calls}}}'.encode(), f"/where/{self.calls}")


async def test_without_a_key_every_request_runs() -> None:
    checkout, place = new_checkout(), Counter()
    for _ in range(2):
        outcome = await checkout.run(None, b"{}", place)
        assert not outcome.replayed
    assert place.calls == 2


async def test_a_retry_with_the_same_key_and_body_replays_the_first_response() -> None:
    checkout, place = new_checkout(), Counter()
    first = await checkout.run("key-1", b'{"a":1}', place)
    again = await checkout.run("key-1", b'{"a":1}', place)
    assert place.calls == 1
    assert (first.replayed, again.replayed) == (False, True)
    assert again.response == first.response == StoredResponse(201, b'{"n": 1}', "/where/1")


async def test_the_same_key_with_another_body_is_refused() -> None:
    checkout, place = new_checkout(), Counter()
    await checkout.run("key-1", b'{"a":1}', place)
    with pytest.raises(RuleViolation) as caught:
        await checkout.run("key-1", b'{"a":2}', place)
    assert list(caught.value.errors) == ["Idempotency-Key"]
    assert place.calls == 1


async def test_a_key_in_flight_is_a_conflict() -> None:
    checkout = new_checkout()
    entered, release = asyncio.Event(), asyncio.Event()

    async def slow() -> StoredResponse:
        entered.set()
        await release.wait()
        return StoredResponse(201, b"{}")

    first = asyncio.create_task(checkout.run("key-1", b"{}", slow))
    await entered.wait()
    with pytest.raises(Conflict):
        await checkout.run("key-1", b"{}", slow)
    release.set()
    assert not (await first).replayed


async def test_a_failed_request_releases_its_key_for_a_retry() -> None:
    checkout, place = new_checkout(), Counter()

    async def failing() -> StoredResponse:
        raise PriceChanged("The price changed")

    with pytest.raises(PriceChanged):
        await checkout.run("key-1", b"{}", failing)
    outcome = await checkout.run("key-1", b"{}", place)
    assert (outcome.replayed, place.calls) == (False, 1)


@pytest.mark.parametrize("key", ["", "x" * 256, "has space", "tab\there", "ünïcode", "line\n"])
async def test_a_malformed_key_is_refused_before_anything_runs(key: str) -> None:
    checkout, place = new_checkout(), Counter()
    with pytest.raises(RuleViolation) as caught:
        await checkout.run(key, b"{}", place)
    assert list(caught.value.errors) == ["Idempotency-Key"]
    assert place.calls == 0


async def test_the_longest_allowed_key_works() -> None:
    checkout, place = new_checkout(), Counter()
    key = "~" + "A" * 253 + "!"
    assert not (await checkout.run(key, b"{}", place)).replayed
    assert (await checkout.run(key, b"{}", place)).replayed
