"""Compare-and-set product writes and image references: every case on memory, SQLite and Postgres."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from beautique.application.errors import StaleWrite
from tests.builders import IMAGE_HOSTS, PRODUCT_IMAGE, T0, make_product

LATER = T0 + timedelta(minutes=5)


async def test_a_new_product_is_revision_1_and_each_saved_change_the_next(storage: Any) -> None:
    product = make_product()
    await storage.products.add(product)
    assert (await storage.products.get(product.id)).version == 1
    renamed = product.revise({"name": "Silk Maxi - Blue"}, policy=IMAGE_HOSTS, now=LATER)
    assert await storage.products.update(renamed) is True
    hidden = renamed.deactivate(LATER)
    assert await storage.products.update(hidden) is True
    got = await storage.products.get(product.id)
    assert (got.version, got.name, got.is_active) == (3, "Silk Maxi - Blue", False)


async def test_a_change_made_from_an_old_revision_is_refused_and_nothing_is_lost(
    storage: Any,
) -> None:
    product = make_product(regular="5500")
    await storage.products.add(product)
    first = product.revise({"name": "Silk Maxi - Blue"}, policy=IMAGE_HOSTS, now=LATER)
    second = product.revise({"regular_price": Decimal("6000")}, policy=IMAGE_HOSTS, now=LATER)
    assert await storage.products.update(first) is True
    with pytest.raises(StaleWrite):
        await storage.products.update(second)  # made from revision 1, which is gone
    got = await storage.products.get(product.id)
    assert (got.name, got.regular_price, got.version) == ("Silk Maxi - Blue", Decimal("5500"), 2)


async def test_a_refused_write_does_not_move_the_catalogue_version(storage: Any) -> None:
    product = make_product()
    await storage.products.add(product)
    await storage.products.update(product.deactivate(LATER))
    before = await storage.catalog_version.current()
    with pytest.raises(StaleWrite):
        await storage.products.update(product.deactivate(LATER))
    assert await storage.catalog_version.current() == before


async def test_an_unknown_product_is_false_not_stale(storage: Any) -> None:
    ghost = make_product().deactivate(LATER)
    assert await storage.products.update(ghost) is False
    assert await storage.products.delete(ghost.id, version=1) is False


async def test_delete_of_a_named_revision_refuses_another(storage: Any) -> None:
    product = make_product()
    await storage.products.add(product)
    await storage.products.update(
        product.with_images([PRODUCT_IMAGE + "?v=2"], policy=IMAGE_HOSTS, now=LATER)
    )
    with pytest.raises(StaleWrite):
        await storage.products.delete(product.id, version=1)  # an image was added meanwhile
    assert await storage.products.get(product.id) is not None
    assert await storage.products.delete(product.id, version=2) is True
    assert await storage.products.get(product.id) is None


async def test_images_in_use_names_only_urls_some_product_still_lists(storage: Any) -> None:
    shared, mine, gone = PRODUCT_IMAGE + "?shared", PRODUCT_IMAGE + "?mine", PRODUCT_IMAGE + "?gone"
    await storage.products.add(make_product("Silk Maxi - Red", images=(shared, mine)))
    await storage.products.add(make_product("Lawn Kurta", images=(shared,)))
    await storage.products.add(make_product("Draft", images=(), is_active=False))
    assert await storage.products.image_urls_in_use([shared, mine, gone]) == {shared, mine}
    assert await storage.products.image_urls_in_use([gone]) == set()
    assert await storage.products.image_urls_in_use([]) == set()


async def test_urls_are_compared_exactly_not_as_patterns(storage: Any) -> None:
    await storage.products.add(make_product(images=(PRODUCT_IMAGE,)))
    near = [
        PRODUCT_IMAGE.upper(),
        PRODUCT_IMAGE + "x",
        PRODUCT_IMAGE.replace("maxi", "%"),
        PRODUCT_IMAGE[:-4] + "_jpg",
    ]
    assert await storage.products.image_urls_in_use(near) == set()
