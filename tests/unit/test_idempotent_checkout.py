"""IdempotentCheckout over in-memory storage: replays, mismatches, and leases that end.

The checkout claims the key as a short lease and hands it to the placing step, which stores
the order and the response under the key in one transaction. A crashed attempt leaves only its
lease behind, which ends after IDEMPOTENCY_LEASE_SECONDS.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from beautique.application.errors import Conflict, LeaseLost
from beautique.application.idempotent_checkout import IdempotentCheckout
from beautique.application.ports import KeyLease, StoredResponse
from beautique.application.queries import OrderQuery
from beautique.domain.errors import PriceChanged, RuleViolation
from tests.builders import cart_line
from tests.unit.test_ordering import World, request


def created(order_id: str) -> StoredResponse:
    return StoredResponse(201, f'{{"order_id": "{order_id}"}}'.encode(), f"/track/{order_id}")


class Shop:
    """A world with one product, and a checkout placing real orders through PlaceOrder."""

    def __init__(self, lease_seconds: int = 30) -> None:
        self.world = World()
        self.checkout = IdempotentCheckout(
            store=self.world.storage.idempotency,
            clock=self.world.clock,
            lease_seconds=lease_seconds,
        )
        self.placed = 0

    async def setup(self) -> Shop:
        self.product = await self.world.with_product()
        return self

    async def place(self, lease: KeyLease | None) -> StoredResponse:
        self.placed += 1
        order_request = request(cart_line(product_id=self.product.id))
        return await self.world.place.with_receipt(
            order_request, lambda o: created(o.order_id.value), lease
        )

    async def orders(self) -> int:
        return (await self.world.storage.order_queries.list_orders(OrderQuery())).total


async def test_without_a_key_every_request_places_an_order() -> None:
    shop = await Shop().setup()
    for _ in range(2):
        assert not (await shop.checkout.run(None, b"{}", shop.place)).replayed
    assert await shop.orders() == 2


async def test_a_retry_with_the_same_key_and_body_replays_the_first_response() -> None:
    shop = await Shop().setup()
    first = await shop.checkout.run("key-1", b'{"a":1}', shop.place)
    again = await shop.checkout.run("key-1", b'{"a":1}', shop.place)
    assert (first.replayed, again.replayed, shop.placed) == (False, True, 1)
    assert again.response == first.response == created("BQ-20261121-001")
    assert await shop.orders() == 1


async def test_the_same_key_with_another_body_is_refused() -> None:
    shop = await Shop().setup()
    await shop.checkout.run("key-1", b'{"a":1}', shop.place)
    with pytest.raises(RuleViolation) as caught:
        await shop.checkout.run("key-1", b'{"a":2}', shop.place)
    assert list(caught.value.errors) == ["Idempotency-Key"]
    assert shop.placed == 1


async def test_a_key_in_flight_is_a_conflict_until_its_lease_ends() -> None:
    shop = await Shop(lease_seconds=30).setup()
    entered, release = asyncio.Event(), asyncio.Event()

    async def stuck(lease: KeyLease | None) -> StoredResponse:
        entered.set()
        await release.wait()
        return await shop.place(lease)

    first = asyncio.create_task(shop.checkout.run("key-1", b"{}", stuck))
    await entered.wait()
    with pytest.raises(Conflict):
        await shop.checkout.run("key-1", b"{}", shop.place)
    shop.world.clock.current += timedelta(
        seconds=30
    )  # the first attempt has hung for the whole lease
    taken_over = await shop.checkout.run("key-1", b"{}", shop.place)
    assert not taken_over.replayed
    release.set()
    with pytest.raises(LeaseLost):  # the hung attempt wakes up: it must not add a second order
        await first
    assert await shop.orders() == 1
    replay = await shop.checkout.run("key-1", b"{}", shop.place)
    assert replay.replayed and replay.response == taken_over.response


async def test_a_failed_request_releases_its_key_for_a_retry() -> None:
    shop = await Shop().setup()

    async def failing(_: KeyLease | None) -> StoredResponse:
        raise PriceChanged("The price changed")

    with pytest.raises(PriceChanged):
        await shop.checkout.run("key-1", b"{}", failing)
    outcome = await shop.checkout.run("key-1", b"{}", shop.place)
    assert (outcome.replayed, shop.placed) == (False, 1)


@pytest.mark.parametrize("key", ["", "x" * 256, "has space", "tab\there", "ünïcode", "line\n"])
async def test_a_malformed_key_is_refused_before_anything_runs(key: str) -> None:
    shop = await Shop().setup()
    with pytest.raises(RuleViolation) as caught:
        await shop.checkout.run(key, b"{}", shop.place)
    assert list(caught.value.errors) == ["Idempotency-Key"]
    assert shop.placed == 0


async def test_the_longest_allowed_key_works() -> None:
    shop = await Shop().setup()
    key = "~" + "A" * 253 + "!"
    assert not (await shop.checkout.run(key, b"{}", shop.place)).replayed
    assert (await shop.checkout.run(key, b"{}", shop.place)).replayed
