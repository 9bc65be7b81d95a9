"""Catalogue read use cases, the filter parser, the read cache and the demo seed, over in-memory storage."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
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
from beautique.application.catalog_cache import CatalogReadCache
from beautique.application.demo_catalog import DEMO_ITEMS, SeedDemoCatalog
from beautique.application.errors import NotFound
from beautique.application.params import ProductFilters, parse_product_filters
from beautique.application.queries import PageRequest, ProductQuery, ProductSort
from beautique.container import memory_storage
from beautique.domain.catalog import Category, Size
from beautique.domain.errors import RuleViolation
from beautique.domain.product import ImageHostPolicy, Product, ProductDraft

BASE = datetime(2026, 1, 18, 9, 30, tzinfo=UTC)
POLICY = ImageHostPolicy(frozenset({"res.cloudinary.com"}))


def product(name: str = "Silk Maxi - Red", *, age: int = 0, **fields: Any) -> Product:
    draft = ProductDraft(
        name=name,
        category=fields.pop("category", "Maxi"),
        description=fields.pop("description", "A lovely garment for every day."),
        regular_price=Decimal(fields.pop("regular", "5500")),
        sale_price=Decimal(sale) if (sale := fields.pop("sale", None)) else None,
        images=fields.pop("images", ["https://res.cloudinary.com/demo/image/upload/a.jpg"]),
        sizes=fields.pop("sizes", ["S", "M"]),
        colors=fields.pop("colors", ["Red"]),
        **fields,
    )
    return Product.create(draft, policy=POLICY, product_id=uuid4(), now=BASE - timedelta(hours=age))


class FixedClock:
    def now(self) -> datetime:
        return BASE


def violations(raw: ProductFilters) -> dict[str, list[str]]:
    with pytest.raises(RuleViolation) as caught:
        parse_product_filters(raw)
    return caught.value.errors


# --- the filter parser -------------------------------------------------------------------


def test_no_parameters_mean_newest_first_page_1_of_20() -> None:
    query = parse_product_filters(ProductFilters())
    assert query == ProductQuery(is_active=None, sort=ProductSort.NEWEST, paging=PageRequest(1, 20))


def test_every_parameter_is_parsed() -> None:
    raw = ProductFilters(
        category="lehanga-choli", search=" silk ", min_price="10.5", max_price="20",
        size="xl", color="Red", is_bestseller="TRUE", is_active="false", sort="PRICE_DESC",
        page="3", limit="50",
    )  # fmt: skip
    assert parse_product_filters(raw) == ProductQuery(
        category=Category.LEHANGA_CHOLI, search="silk", min_price=Decimal("10.50"),
        max_price=Decimal("20.00"), size=Size.XL, color="Red", is_bestseller=True,
        is_active=False, sort=ProductSort.PRICE_DESC, paging=PageRequest(3, 50),
    )  # fmt: skip


@pytest.mark.parametrize(
    "spelling", ["Lehanga Choli", "lehanga choli", "LEHANGA-CHOLI", "lehanga_choli"]
)
def test_category_is_accepted_as_label_or_slug_in_any_case(spelling: str) -> None:
    assert (
        parse_product_filters(ProductFilters(category=spelling)).category is Category.LEHANGA_CHOLI
    )


def test_empty_parameters_count_as_absent() -> None:
    blank = ProductFilters(**{name: "  " for name in ProductFilters.__dataclass_fields__})
    assert parse_product_filters(blank) == parse_product_filters(ProductFilters())


def test_every_bad_parameter_is_reported_at_once() -> None:
    errors = violations(
        ProductFilters(
            category="Saree", search="x" * 101, min_price="abc", max_price="-1", size="XS",
            color="c" * 51, is_bestseller="yes", is_active="maybe", sort="popular",
            page="0", limit="51",
        )
    )  # fmt: skip
    assert set(errors) == {
        "category", "search", "min_price", "max_price", "size", "color",
        "is_bestseller", "is_active", "sort", "page", "limit",
    }  # fmt: skip
    assert errors["page"] == ["must be at least 1"]
    assert errors["limit"] == ["must be at most 50"]
    assert errors["category"] == [
        "must be one of Maxi, Lehanga Choli, Long Shirt, Shalwar Kameez, Gharara"
    ]


@pytest.mark.parametrize(
    ("raw", "field", "message"),
    [
        (
            ProductFilters(min_price="20", max_price="10"),
            "min_price",
            "must not be greater than max_price",
        ),
        (ProductFilters(min_price="1.005"), "min_price", "must have at most 2 decimal places"),
        (ProductFilters(max_price="NaN"), "max_price", "must be a number from 0 to 1,000,000,000"),
        (
            ProductFilters(max_price="Infinity"),
            "max_price",
            "must be a number from 0 to 1,000,000,000",
        ),
        (
            ProductFilters(min_price="1e999999"),
            "min_price",
            "must be a number from 0 to 1,000,000,000",
        ),
        (ProductFilters(page="1.5"), "page", "must be a whole number"),
        (ProductFilters(page="-1"), "page", "must be a whole number"),
        (ProductFilters(page="1_000"), "page", "must be a whole number"),
        (ProductFilters(page="9" * 101), "page", "must be a whole number"),
        (ProductFilters(limit="0"), "limit", "must be at least 1"),
        (ProductFilters(search="a\x00b"), "search", "must not contain control characters"),
    ],
)
def test_bad_values_are_named(raw: ProductFilters, field: str, message: str) -> None:
    assert violations(raw) == {field: [message]}


def test_boundaries_are_inclusive() -> None:
    query = parse_product_filters(
        ProductFilters(search="s" * 100, min_price="0", max_price="0", limit="1", color="c" * 50)
    )
    assert (query.min_price, query.max_price, query.paging.limit) == (0, 0, 1)


def test_equal_prices_written_differently_make_the_same_query() -> None:
    """The cache keys on the parsed query, so `10`, `10.0` and `10.00` share one entry."""
    queries = {parse_product_filters(ProductFilters(min_price=p)) for p in ("10", "10.0", "1E1")}
    assert len(queries) == 1


# --- use cases ---------------------------------------------------------------------------


async def test_browse_shows_active_products_only_whatever_the_query_says() -> None:
    store = memory_storage()
    visible, hidden = product("Visible Maxi"), product("Hidden Maxi", is_active=False, images=[])
    for p in (visible, hidden):
        await store.products.add(p)
    browse = BrowseCatalog(store.products)
    assert browse.query(ProductFilters()).is_active is True
    page = await browse(ProductQuery(is_active=False))
    assert [p.id for p in page.items] == [visible.id]


async def test_a_page_far_past_the_end_is_empty_and_keeps_the_total() -> None:
    store = memory_storage()
    await store.products.add(product())
    browse = BrowseCatalog(store.products)
    page = await browse(browse.query(ProductFilters(page="9" * 18, limit="50")))
    assert (list(page.items), page.total, page.page, page.total_pages) == ([], 1, int("9" * 18), 1)


async def test_show_product_finds_active_and_hides_inactive_or_unknown() -> None:
    store = memory_storage()
    active, inactive = product("Active Maxi"), product("Draft Maxi", is_active=False)
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
        product("Gharara One", category="Gharara"),
        product("Gharara Two", category="Gharara"),
        product("Maxi One"),
        product("Maxi Draft", is_active=False),
    ):
        await store.products.add(p)
    counts = await ListCategories(store.products)()
    assert [(c.category.value, c.count) for c in counts] == [
        ("Maxi", 1), ("Lehanga Choli", 0), ("Long Shirt", 0), ("Shalwar Kameez", 0), ("Gharara", 2),
    ]  # fmt: skip


async def test_bestsellers_are_active_newest_first_and_limited() -> None:
    store = memory_storage()
    old, new = (
        product("Old Best", age=5, is_bestseller=True),
        product("New Best", is_bestseller=True),
    )
    for p in (
        old,
        new,
        product("Plain"),
        product("Draft Best", is_bestseller=True, is_active=False),
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


# --- the demo seed -----------------------------------------------------------------------


async def test_demo_seed_fills_an_empty_catalogue_once() -> None:
    store = memory_storage()
    seed = SeedDemoCatalog(store.products, FixedClock())
    assert await seed() == len(DEMO_ITEMS) >= 40
    assert await seed() == 0
    assert await store.products.count_all() == len(DEMO_ITEMS)


async def test_demo_seed_leaves_a_catalogue_with_products_alone() -> None:
    store = memory_storage()
    await store.products.add(product())
    assert await SeedDemoCatalog(store.products, FixedClock())() == 0
    assert await store.products.count_all() == 1


async def test_demo_data_is_a_realistic_shop() -> None:
    store = memory_storage()
    await SeedDemoCatalog(store.products, FixedClock())()
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
    await SeedDemoCatalog(store.products, FixedClock())()

    class LooksEmpty:
        async def count_all(self) -> int:
            return 0

        def __getattr__(self, name: str) -> Any:
            return getattr(store.products, name)

    assert await SeedDemoCatalog(LooksEmpty(), FixedClock())() == 0  # type: ignore[arg-type]
    assert await store.products.count_all() == len(DEMO_ITEMS)


# --- the read cache ----------------------------------------------------------------------


class ManualClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class CountingVersion:
    """A CatalogVersion that counts how often it is asked (each ask is one query in production)."""

    def __init__(self) -> None:
        self.value = 0
        self.asked = 0

    async def current(self) -> int:
        self.asked += 1
        await asyncio.sleep(0)  # a real query yields to the loop
        return self.value


def reader(values: list[str]) -> Any:
    async def read() -> str:
        return values.pop(0)

    return read


async def test_cache_serves_a_read_until_the_version_moves_and_the_interval_passes() -> None:
    clock, version = ManualClock(), CountingVersion()
    cache: CatalogReadCache[str] = CatalogReadCache(version, clock=clock, interval=0.5)
    read = reader(["first", "second"])
    assert await cache.get_or_read("k", read) == "first"
    version.value += 1
    clock.now += 0.5  # not yet past the interval: the cached copy may still be served
    assert await cache.get_or_read("k", read) == "first"
    clock.now += 0.01
    assert await cache.get_or_read("k", read) == "second"


async def test_cache_keeps_entries_when_the_version_is_unchanged() -> None:
    clock, version = ManualClock(), CountingVersion()
    cache: CatalogReadCache[str] = CatalogReadCache(version, clock=clock)
    read = reader(["only"])
    for _ in range(3):
        clock.now += 10
        assert await cache.get_or_read("k", read) == "only"
    assert version.asked == 3


async def test_cache_asks_for_the_version_at_most_once_per_interval() -> None:
    """Busy: one tiny query per interval. Idle: none at all (lets a serverless database sleep)."""
    clock, version = ManualClock(), CountingVersion()
    cache: CatalogReadCache[str] = CatalogReadCache(version, clock=clock, interval=0.5)
    for _ in range(50):
        await cache.get_or_read("k", reader(["x"]))
    assert version.asked == 1
    clock.now += 3600  # an idle hour costs nothing; the next request asks once
    assert version.asked == 1
    await asyncio.gather(*(cache.get_or_read("k", reader(["x"])) for _ in range(20)))
    assert version.asked == 2


async def test_a_read_overtaken_by_a_catalogue_change_is_not_stored() -> None:
    clock, version = ManualClock(), CountingVersion()
    cache: CatalogReadCache[str] = CatalogReadCache(version, clock=clock)

    async def slow_read() -> str:
        # While this read runs, a product changes and another request notices it.
        version.value += 1
        clock.now += 1
        await cache.revalidate()
        return "read before the change"

    assert await cache.get_or_read("k", slow_read) == "read before the change"
    assert len(cache) == 0
    assert await cache.get_or_read("k", reader(["fresh"])) == "fresh"


async def test_cache_is_bounded_and_evicts_the_least_recently_used() -> None:
    cache: CatalogReadCache[str] = CatalogReadCache(
        CountingVersion(), clock=ManualClock(), max_entries=2
    )
    for key in ("a", "b"):
        await cache.get_or_read(key, reader([key]))
    await cache.get_or_read("a", reader(["unused"]))  # touch a: b is now the oldest
    await cache.get_or_read("c", reader(["c"]))
    assert len(cache) == 2
    assert await cache.get_or_read("a", reader(["new a"])) == "a"
    assert await cache.get_or_read("b", reader(["new b"])) == "new b"


async def test_a_failed_read_is_not_cached() -> None:
    cache: CatalogReadCache[str] = CatalogReadCache(CountingVersion(), clock=ManualClock())

    async def failing() -> str:
        raise NotFound("Product not found")

    with pytest.raises(NotFound):
        await cache.get_or_read("k", failing)
    assert len(cache) == 0


def test_replace_keeps_query_hashable() -> None:
    """Parsed queries are cache keys: they must hash, including after `replace`."""
    query = replace(parse_product_filters(ProductFilters(min_price="5")), is_active=True)
    assert hash(query) == hash(replace(query))
