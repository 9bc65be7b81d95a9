"""Checkout's one transaction (OrderRepository.place): products read, the day's number taken and
the order stored together, or nothing at all. Memory, SQLite and Postgres behave the same."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Collection, Mapping
from datetime import date, timedelta
from typing import Any
from uuid import UUID

import pytest

from beautique.application.errors import Conflict
from beautique.domain.errors import RuleViolation
from beautique.domain.order import Order
from beautique.domain.order_id import OrderId
from beautique.domain.product import Product
from tests.builders import DAY, make_order, orderable_product


async def place(storage: Any, day: date = DAY, product_ids: Collection[UUID] = ()) -> Order:
    def price(products: Mapping[UUID, Product]) -> Callable[[int], tuple[Order, None]]:
        return lambda number: (make_order(number, day=day), None)

    order: Order = await storage.orders.place(product_ids, day, price)
    return order


def number_of(order: Order) -> int:
    return int(order.order_id.value.rsplit("-", 1)[1])


async def test_the_order_is_built_from_the_products_read_and_stored(storage: Any) -> None:
    shown, hidden = orderable_product(), orderable_product()
    await storage.products.add(shown)
    await storage.products.add(hidden)
    seen: list[Mapping[UUID, Product]] = []

    def price(products: Mapping[UUID, Product]) -> Callable[[int], tuple[Order, None]]:
        seen.append(dict(products))
        return lambda number: (make_order(number), None)

    order = await storage.orders.place({shown.id, UUID(int=7)}, DAY, price)
    assert seen == [{shown.id: shown}]  # only the asked-for ids that exist
    assert await storage.orders.get(order.id) == order
    assert order.order_id == OrderId.compose(DAY, 1)


async def test_a_refused_cart_stores_nothing_and_takes_no_number(storage: Any) -> None:
    def refuse(products: Mapping[UUID, Product]) -> Callable[[int], tuple[Order, None]]:
        raise RuleViolation({"items.0.price": ["has changed"]})

    with pytest.raises(RuleViolation):
        await storage.orders.place((), DAY, refuse)
    assert number_of(await place(storage)) == 1


async def test_a_taken_order_id_is_a_conflict_and_stores_nothing(storage: Any) -> None:
    first = await place(storage)

    def twin(products: Mapping[UUID, Product]) -> Callable[[int], tuple[Order, None]]:
        return lambda number: (make_order(1), None)  # number 1 again: already stored

    with pytest.raises(Conflict):
        await storage.orders.place((), DAY, twin)
    assert await storage.orders.get_by_order_id(first.order_id) == first
    # PostgreSQL may leave a gap here (the number is its own statement); never a duplicate.
    assert number_of(await place(storage)) in (2, 3)


async def test_numbers_count_from_one_separately_per_day(storage: Any) -> None:
    assert [number_of(await place(storage)) for _ in range(3)] == [1, 2, 3]
    assert number_of(await place(storage, DAY + timedelta(days=1))) == 1
    assert number_of(await place(storage)) == 4
    assert number_of(await place(storage, DAY - timedelta(days=365))) == 1


async def test_numbers_grow_past_999(storage: Any) -> None:
    await storage.orders.reserve_numbers(DAY, 999)
    order = await place(storage)
    assert str(order.order_id) == "BQ-20261121-1000"


async def test_concurrent_checkouts_get_distinct_numbers_without_gaps(storage: Any) -> None:
    other_day = DAY + timedelta(days=1)
    days = [DAY] * 50 + [other_day] * 10
    orders = await asyncio.gather(*(place(storage, d) for d in days))
    assert sorted(map(number_of, orders[:50])) == list(range(1, 51))
    assert sorted(map(number_of, orders[50:])) == list(range(1, 11))
    assert all([await storage.orders.get(o.id) == o for o in orders])


async def test_in_a_burst_each_checkout_keeps_its_own_outcome(storage: Any) -> None:
    """Checkouts placed at once may be stored together (PostgreSQL batches them, SQLite commits
    them in one transaction): a refused cart and a taken id still fail alone."""
    first = await place(storage)

    def refuse(products: Mapping[UUID, Product]) -> Callable[[int], tuple[Order, None]]:
        raise RuleViolation({"items.0.price": ["has changed"]})

    def twin(products: Mapping[UUID, Product]) -> Callable[[int], tuple[Order, None]]:
        return lambda number: (make_order(1), None)  # number 1 again: already stored

    burst = [place(storage), storage.orders.place((), DAY, refuse), place(storage)]
    burst += [storage.orders.place((), DAY, twin), place(storage)]
    outcomes = await asyncio.gather(*burst, return_exceptions=True)

    placed = [outcomes[0], outcomes[2], outcomes[4]]
    assert isinstance(outcomes[1], RuleViolation)
    assert isinstance(outcomes[3], Conflict)
    assert all(isinstance(order, Order) for order in placed)
    assert len({order.order_id for order in placed}) == 3
    assert all([await storage.orders.get(order.id) == order for order in placed])
    assert await storage.orders.get_by_order_id(first.order_id) == first
