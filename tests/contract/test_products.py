"""ProductRepository + CatalogVersion contract, single products and the catalogue version: every
case runs on memory, SQLite and Postgres."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import pytest

from beautique.application.errors import Conflict
from beautique.domain.catalog import Size
from tests.builders import IMAGE_HOSTS, PRODUCT_IMAGE, T0, make_product
from tests.conftest import settings_for, storage_for


async def test_a_product_round_trips_field_for_field(storage: Any) -> None:
    product = make_product(
        regular="4950.50",
        sale="4950.49",
        sizes=("XXL", "s", "L"),
        colors=("Red", "Bottle Green"),
        images=(PRODUCT_IMAGE, PRODUCT_IMAGE + "?v=2"),
        is_bestseller=True,
    )
    await storage.products.add(product)
    got = await storage.products.get(product.id)
    assert got == product
    assert got.regular_price == Decimal("4950.50") and got.sale_price == Decimal("4950.49")
    assert got.sizes == (Size.S, Size.L, Size.XXL)
    assert got.colors == ("Red", "Bottle Green")
    assert got.created_at.utcoffset() == timedelta(0)
    assert isinstance(got.id, UUID)


async def test_times_come_back_as_the_same_instant_in_utc(storage: Any) -> None:
    karachi = timezone(timedelta(hours=5))
    product = make_product(at=datetime(2026, 1, 18, 14, 30, 0, 1, tzinfo=karachi))
    await storage.products.add(product)
    got = await storage.products.get(product.id)
    assert got.created_at == product.created_at
    assert got.created_at.utcoffset() == timedelta(0)
    assert got.updated_at.tzinfo is not None and got.updated_at.utcoffset() == timedelta(0)


@pytest.mark.parametrize("price", ["0", "0.01", "999999.99", "1000000", "4950.5"])
async def test_prices_are_exact(storage: Any, price: str) -> None:
    product = make_product(regular=price)
    await storage.products.add(product)
    got = await storage.products.get(product.id)
    assert isinstance(got.regular_price, Decimal)
    assert got.regular_price == got.effective_price == Decimal(price)
    assert got.sale_price is None


async def test_unknown_ids_are_none_false_and_false(storage: Any) -> None:
    ghost = make_product()
    assert await storage.products.get(ghost.id) is None
    assert await storage.products.update(ghost) is False
    assert await storage.products.delete(ghost.id) is False
    assert await storage.products.count_all() == 0


async def test_adding_the_same_id_twice_is_a_conflict(storage: Any) -> None:
    product = make_product()
    await storage.products.add(product)
    with pytest.raises(Conflict):
        await storage.products.add(make_product("Another", product_id=product.id))
    assert (await storage.products.get(product.id)).name == product.name


async def test_update_replaces_fields_but_keeps_created_at(storage: Any) -> None:
    product = make_product(sale="5000")
    await storage.products.add(product)
    later = T0 + timedelta(hours=1)
    changes = {"name": "Silk Maxi - Blue", "sale_price": None, "is_active": False, "sizes": ["XL"]}
    revised = product.revise(changes, policy=IMAGE_HOSTS, now=later)
    assert await storage.products.update(revised) is True
    got = await storage.products.get(product.id)
    assert got == revised
    assert (got.sale_price, got.created_at, got.updated_at) == (None, T0, later)


async def test_delete_is_permanent(storage: Any) -> None:
    product = make_product()
    await storage.products.add(product)
    assert await storage.products.delete(product.id) is True
    assert await storage.products.get(product.id) is None
    assert await storage.products.delete(product.id) is False


async def test_get_many_returns_only_the_found_ones_inactive_included(storage: Any) -> None:
    active, draft = (
        make_product("Active one"),
        make_product("Draft one", is_active=False, images=()),
    )
    for product in (active, draft, make_product("Not asked")):
        await storage.products.add(product)
    found = await storage.products.get_many([active.id, draft.id, uuid4()])
    assert found == {active.id: active, draft.id: draft}
    assert await storage.products.get_many([]) == {}


async def test_every_kind_of_write_changes_the_catalogue_version(storage: Any) -> None:
    version = storage.catalog_version
    seen = [await version.current()]
    product = make_product()
    await storage.products.add(product)
    seen.append(await version.current())
    await storage.products.update(product.deactivate(T0 + timedelta(minutes=1)))
    seen.append(await version.current())
    await storage.products.delete(product.id)
    seen.append(await version.current())
    assert len(set(seen)) == 4, seen
    assert await version.current() == seen[-1]  # reading does not change it


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
async def test_another_process_sees_the_version_change(
    storage: Any, backend: str, request: pytest.FixtureRequest
) -> None:
    other = storage_for(backend, settings_for(backend, request))  # a second pool on the same db
    await other.open()
    try:
        before = await other.catalog_version.current()
        await storage.products.add(make_product())
        assert await other.catalog_version.current() != before
    finally:
        await other.close()
