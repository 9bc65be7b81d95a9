"""Catalogue read use cases and the demo seed, over in-memory storage."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

import pytest

from beautique.application.catalog import (
    BrowseCatalog,
    ListBestsellers,
    ListCategories,
    ShowProduct,
    product_id_from,
)
from beautique.application.demo_catalog import DEMO_ITEMS, SeedDemoCatalog
from beautique.application.errors import NotFound
from beautique.application.params import ProductFilters
from beautique.application.queries import PageRequest, ProductQuery
from beautique.container import memory_storage
from beautique.domain.catalog import Category
from beautique.domain.errors import RuleViolation
from tests.builders import T0, make_product
from tests.fakes import SettableClock

CLOCK = SettableClock(datetime(2026, 1, 18, 9, 30, tzinfo=UTC))


async def test_browse_shows_active_products_only_whatever_the_query_says() -> None:
    store = memory_storage()
    visible, hidden = (
        make_product("Visible Maxi"),
        make_product("Hidden Maxi", is_active=False, images=[]),
    )
    for p in (visible, hidden):
        await store.products.add(p)
    browse = BrowseCatalog(store.products)
    assert browse.query(ProductFilters()).is_active is True
    page = await browse(ProductQuery(is_active=False))
    assert [p.id for p in page.items] == [visible.id]


async def test_a_page_far_past_the_end_is_empty_and_keeps_the_total() -> None:
    store = memory_storage()
    await store.products.add(make_product())
    browse = BrowseCatalog(store.products)
    page = await browse(browse.query(ProductFilters(page="9" * 18, limit="50")))
    assert (list(page.items), page.total, page.page, page.total_pages) == ([], 1, int("9" * 18), 1)


async def test_show_product_finds_active_and_hides_inactive_or_unknown() -> None:
    store = memory_storage()
    active, inactive = make_product("Active Maxi"), make_product("Draft Maxi", is_active=False)
    for p in (active, inactive):
        await store.products.add(p)
    show = ShowProduct(store.products)
    assert (await show(active.id)).id == active.id
    for missing in (inactive.id, uuid4()):
        with pytest.raises(NotFound, match=r"^Product not found$"):
            await show(missing)


@pytest.mark.parametrize(
    "text", ["not-a-uuid", "", "1" * 65, "123e4567-e89b-12d3-a456-42661417400"]
)
def test_a_malformed_id_names_no_product(text: str) -> None:
    with pytest.raises(NotFound, match=r"^Product not found$"):
        product_id_from(text)


def test_product_ids_are_read_in_the_usual_uuid_spellings() -> None:
    uuid = uuid4()
    assert product_id_from(str(uuid).upper()) == uuid == product_id_from(uuid.hex)


async def test_categories_come_in_the_fixed_order_with_active_counts_and_zeros() -> None:
    store = memory_storage()
    for p in (
        make_product("Gharara One", category="Gharara"),
        make_product("Gharara Two", category="Gharara"),
        make_product("Maxi One"),
        make_product("Maxi Draft", is_active=False),
    ):
        await store.products.add(p)
    counts = await ListCategories(store.products)()
    assert [(c.category.value, c.count) for c in counts] == [
        ("Maxi", 1), ("Lehanga Choli", 0), ("Long Shirt", 0), ("Shalwar Kameez", 0), ("Gharara", 2),
    ]  # fmt: skip


async def test_bestsellers_are_active_newest_first_and_limited() -> None:
    store = memory_storage()
    old, new = (
        make_product("Old Best", at=T0 - timedelta(hours=5), is_bestseller=True),
        make_product("New Best", is_bestseller=True),
    )
    for p in (
        old,
        new,
        make_product("Plain"),
        make_product("Draft Best", is_bestseller=True, is_active=False),
    ):
        await store.products.add(p)
    bestsellers = ListBestsellers(store.products)
    assert [p.id for p in await bestsellers(10)] == [new.id, old.id]
    assert [p.id for p in await bestsellers(1)] == [new.id]


@pytest.mark.parametrize(("raw", "limit"), [(None, 10), ("", 10), ("1", 1), ("20", 20)])
def test_bestseller_limit_defaults_to_10(raw: str | None, limit: int) -> None:
    assert ListBestsellers.limit(raw) == limit


@pytest.mark.parametrize(
    ("raw", "message"),
    [("0", "must be at least 1"), ("21", "must be at most 20"), ("x", "must be a whole number")],
)
def test_bestseller_limit_is_1_to_20(raw: str, message: str) -> None:
    with pytest.raises(RuleViolation) as caught:
        ListBestsellers.limit(raw)
    assert caught.value.errors == {"limit": [message]}


async def test_demo_seed_fills_an_empty_catalogue_once() -> None:
    store = memory_storage()
    seed = SeedDemoCatalog(store.products, CLOCK)
    assert await seed() == len(DEMO_ITEMS) >= 40
    assert await seed() == 0
    assert await store.products.count_all() == len(DEMO_ITEMS)


async def test_demo_seed_leaves_a_catalogue_with_products_alone() -> None:
    store = memory_storage()
    await store.products.add(make_product())
    assert await SeedDemoCatalog(store.products, CLOCK)() == 0
    assert await store.products.count_all() == 1


async def test_demo_data_is_a_realistic_shop() -> None:
    store = memory_storage()
    await SeedDemoCatalog(store.products, CLOCK)()
    everything = (
        await store.products.search(ProductQuery(is_active=None, paging=PageRequest(1, 50)))
    ).items
    assert {p.category for p in everything} == set(Category)
    assert any(p.sale_price is not None for p in everything)
    assert any(p.is_bestseller and p.is_active for p in everything)
    assert any(not p.is_active for p in everything)
    assert all(
        url.startswith("https://res.cloudinary.com/demo/image/upload/")
        for p in everything
        for url in p.images
    )
    assert len({p.created_at for p in everything}) == len(everything)  # one clear "newest" order


async def test_a_second_seeder_racing_the_first_adds_nothing() -> None:
    """Two processes may both see an empty catalogue; the demo ids make the second one stop."""
    store = memory_storage()
    await SeedDemoCatalog(store.products, CLOCK)()

    class LooksEmpty:
        async def count_all(self) -> int:
            return 0

        def __getattr__(self, name: str) -> Any:
            return getattr(store.products, name)

    assert await SeedDemoCatalog(LooksEmpty(), CLOCK)() == 0  # type: ignore[arg-type]
    assert await store.products.count_all() == len(DEMO_ITEMS)
