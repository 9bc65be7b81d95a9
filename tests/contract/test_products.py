"""ProductRepository + CatalogVersion contract: every case runs on memory, SQLite and Postgres."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import pytest

from beautique.application.errors import Conflict
from beautique.application.queries import PageRequest, ProductQuery, ProductSort
from beautique.domain.catalog import Category, Size
from beautique.domain.product import ImageHostPolicy, Product, ProductDraft
from tests.conftest import settings_for, storage_for

POLICY = ImageHostPolicy(frozenset({"res.cloudinary.com"}))
IMAGE = "https://res.cloudinary.com/beautique/image/upload/maxi.jpg"
T0 = datetime(2026, 1, 18, 9, 30, 0, 123456, tzinfo=UTC)


def make(
    name: str = "Silk Maxi - Red",
    *,
    regular: str = "5500",
    sale: str | None = None,
    at: datetime = T0,
    product_id: UUID | None = None,
    **fields: Any,
) -> Product:
    draft = ProductDraft(
        name=name,
        category=fields.pop("category", "Maxi"),
        description=fields.pop("description", "A flowing silk dress for festive evenings."),
        regular_price=Decimal(regular),
        sale_price=None if sale is None else Decimal(sale),
        images=fields.pop("images", (IMAGE,)),
        sizes=fields.pop("sizes", ("S", "M")),
        colors=fields.pop("colors", ("Red",)),
        **fields,
    )
    return Product.create(draft, policy=POLICY, product_id=product_id or uuid4(), now=at)


async def add_all(storage: Any, *products: Product) -> None:
    for product in products:
        await storage.products.add(product)


async def names(storage: Any, **query: Any) -> list[str]:
    page = await storage.products.search(ProductQuery(**query))
    return [p.name for p in page.items]


# --- single products ---------------------------------------------------------------------


async def test_a_product_round_trips_field_for_field(storage: Any) -> None:
    product = make(
        regular="4950.50",
        sale="4950.49",
        sizes=("XXL", "s", "L"),
        colors=("Red", "Bottle Green"),
        images=(IMAGE, IMAGE + "?v=2"),
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
    product = make(at=datetime(2026, 1, 18, 14, 30, 0, 1, tzinfo=karachi))
    await storage.products.add(product)
    got = await storage.products.get(product.id)
    assert got.created_at == product.created_at
    assert got.created_at.utcoffset() == timedelta(0)
    assert got.updated_at.tzinfo is not None and got.updated_at.utcoffset() == timedelta(0)


@pytest.mark.parametrize("price", ["0", "0.01", "999999.99", "1000000", "4950.5"])
async def test_prices_are_exact(storage: Any, price: str) -> None:
    product = make(regular=price)
    await storage.products.add(product)
    got = await storage.products.get(product.id)
    assert isinstance(got.regular_price, Decimal)
    assert got.regular_price == got.effective_price == Decimal(price)
    assert got.sale_price is None


async def test_unknown_ids_are_none_false_and_false(storage: Any) -> None:
    ghost = make()
    assert await storage.products.get(ghost.id) is None
    assert await storage.products.update(ghost) is False
    assert await storage.products.delete(ghost.id) is False
    assert await storage.products.count_all() == 0


async def test_adding_the_same_id_twice_is_a_conflict(storage: Any) -> None:
    product = make()
    await storage.products.add(product)
    with pytest.raises(Conflict):
        await storage.products.add(make("Another", product_id=product.id))
    assert (await storage.products.get(product.id)).name == product.name


async def test_update_replaces_fields_but_keeps_created_at(storage: Any) -> None:
    product = make(sale="5000")
    await storage.products.add(product)
    later = T0 + timedelta(hours=1)
    changes = {"name": "Silk Maxi - Blue", "sale_price": None, "is_active": False, "sizes": ["XL"]}
    revised = product.revise(changes, policy=POLICY, now=later)
    assert await storage.products.update(revised) is True
    got = await storage.products.get(product.id)
    assert got == revised
    assert (got.sale_price, got.created_at, got.updated_at) == (None, T0, later)


async def test_delete_is_permanent(storage: Any) -> None:
    product = make()
    await storage.products.add(product)
    assert await storage.products.delete(product.id) is True
    assert await storage.products.get(product.id) is None
    assert await storage.products.delete(product.id) is False


async def test_get_many_returns_only_the_found_ones_inactive_included(storage: Any) -> None:
    active, draft = make("Active one"), make("Draft one", is_active=False, images=())
    await add_all(storage, active, draft, make("Not asked"))
    found = await storage.products.get_many([active.id, draft.id, uuid4()])
    assert found == {active.id: active, draft.id: draft}
    assert await storage.products.get_many([]) == {}


# --- the catalogue version -----------------------------------------------------------------


async def test_every_kind_of_write_changes_the_catalogue_version(storage: Any) -> None:
    version = storage.catalog_version
    seen = [await version.current()]
    product = make()
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
        await storage.products.add(make())
        assert await other.catalog_version.current() != before
    finally:
        await other.close()


# --- filters -------------------------------------------------------------------------------


async def test_each_filter(storage: Any) -> None:
    await add_all(
        storage,
        make("Maxi red", colors=("Red",), sizes=("S",), regular="3000", is_bestseller=True),
        make("Gharara gold", category="Gharara", colors=("Gold",), sizes=("M", "XL")),
        make("Draft maxi", colors=("red", "Blue"), sizes=("XL",), is_active=False, images=()),
    )
    assert await names(storage, category=Category.GHARARA) == ["Gharara gold"]
    assert await names(storage, category=Category.LONG_SHIRT) == []
    assert sorted(await names(storage, size=Size.XL, is_active=None)) == [
        "Draft maxi",
        "Gharara gold",
    ]
    assert await names(storage, size=Size.XXL, is_active=None) == []
    assert await names(storage, is_bestseller=True) == ["Maxi red"]
    assert await names(storage, is_bestseller=False) == ["Gharara gold"]
    assert await names(storage, category=Category.MAXI, is_active=None, size=Size.S) == ["Maxi red"]


async def test_inactive_products_by_is_active(storage: Any) -> None:
    await add_all(storage, make("Shown"), make("Hidden", is_active=False, images=()))
    assert await names(storage) == ["Shown"]  # the default query is the public one
    assert await names(storage, is_active=True) == ["Shown"]
    assert await names(storage, is_active=False) == ["Hidden"]
    assert sorted(await names(storage, is_active=None)) == ["Hidden", "Shown"]


async def test_colour_matches_case_insensitively_and_whole(storage: Any) -> None:
    await add_all(storage, make("Two tone", colors=("Bottle Green", "Red")), make("Plain"))
    assert sorted(await names(storage, color="rED")) == ["Plain", "Two tone"]
    assert await names(storage, color="bottle green") == ["Two tone"]
    assert await names(storage, color="green") == []  # a colour, not a substring


async def test_search_is_a_case_insensitive_substring_of_name_or_description(
    storage: Any,
) -> None:
    await add_all(
        storage,
        make("Silk Maxi", description="Pure silk, hand finished at the seams."),
        make("Lawn Shirt", description="Breathable LAWN cotton for summer."),
        make("Élan Gharara", description="Embroidered with gota work."),
    )
    assert await names(storage, search="SILK") == ["Silk Maxi"]
    assert await names(storage, search="cotton f") == ["Lawn Shirt"]
    assert await names(storage, search="élan") == ["Élan Gharara"]  # beyond ASCII
    assert await names(storage, search="velvet") == []


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("100%", ["100% cotton"]),
        ("%", ["100% cotton"]),
        ("a_b", ["Style a_b"]),
        ("_", ["Style a_b"]),
        ("\\", ["Back\\slash"]),
    ],
)
async def test_search_wildcards_match_literally(
    storage: Any, search: str, expected: list[str]
) -> None:
    await add_all(
        storage,
        make("100% cotton"),
        make("1000 cotton"),
        make("Style a_b"),
        make("Style axb"),
        make("Back\\slash"),
    )
    assert await names(storage, search=search) == expected


async def test_price_bounds_are_inclusive_on_the_effective_price(storage: Any) -> None:
    await add_all(
        storage,
        make("On sale", regular="5000", sale="4000"),  # effective 4000
        make("Full price", regular="4500"),
    )
    assert await names(storage, min_price=Decimal("4500")) == ["Full price"]
    assert await names(storage, max_price=Decimal("4000")) == ["On sale"]
    assert sorted(await names(storage, min_price=Decimal("4000"), max_price=Decimal("4500"))) == [
        "Full price",
        "On sale",
    ]
    assert await names(storage, min_price=Decimal("4000.001"), max_price=Decimal("4499.999")) == []
    assert await names(storage, min_price=Decimal("4000.00"), max_price=Decimal("4000.00")) == [
        "On sale"
    ]


# --- sorting and paging ---------------------------------------------------------------------


def tied(name: str, seconds: int, id_int: int, **fields: Any) -> Product:
    return make(name, at=T0 + timedelta(seconds=seconds), product_id=UUID(int=id_int), **fields)


async def test_newest_first_with_ties_broken_by_id_descending(storage: Any) -> None:
    await add_all(storage, tied("old", 0, 9), tied("tie low", 5, 1), tied("tie high", 5, 2))
    assert await names(storage, sort=ProductSort.NEWEST) == ["tie high", "tie low", "old"]


async def test_price_sorts_use_the_effective_price_and_break_ties(storage: Any) -> None:
    await add_all(
        storage,
        tied("cheap via sale", 0, 1, regular="9000", sale="1000"),
        tied("mid old", 0, 2, regular="2000"),
        tied("mid new", 10, 3, regular="2000"),
        tied("mid new higher id", 10, 4, regular="2000.00"),
        tied("dear", 0, 5, regular="3000.01"),
    )
    ties = ["mid new higher id", "mid new", "mid old"]
    assert await names(storage, sort=ProductSort.PRICE_ASC) == ["cheap via sale", *ties, "dear"]
    assert await names(storage, sort=ProductSort.PRICE_DESC) == ["dear", *ties, "cheap via sale"]


async def test_name_sort_ignores_case_and_breaks_ties(storage: Any) -> None:
    await add_all(
        storage,
        tied("cherry", 0, 1),
        tied("Banana", 0, 2),
        tied("apple", 0, 3),
        tied("Same", 0, 4),
        tied("same", 30, 5),
    )
    assert await names(storage, sort=ProductSort.NAME) == [
        "apple",
        "Banana",
        "cherry",
        "same",
        "Same",
    ]


async def test_pages_cover_every_match_once_and_past_the_end_is_empty(storage: Any) -> None:
    products = [tied(f"product {i:02}", i // 2, i) for i in range(7)]  # pairs share a time
    await add_all(storage, *products, make("Draft", is_active=False, images=()))
    seen: list[UUID] = []
    for number in (1, 2, 3):
        page = await storage.products.search(ProductQuery(paging=PageRequest(number, 3)))
        assert (page.total, page.page, page.limit, page.total_pages) == (7, number, 3, 3)
        seen += [p.id for p in page.items]
    expected = sorted(products, key=lambda p: (p.created_at, p.id), reverse=True)
    assert seen == [p.id for p in expected]
    past = await storage.products.search(ProductQuery(paging=PageRequest(4, 3)))
    assert (list(past.items), past.total) == ([], 7)


# --- counts ---------------------------------------------------------------------------------


async def test_counts(storage: Any) -> None:
    assert await storage.products.count_active_by_category() == dict.fromkeys(Category, 0)
    await add_all(
        storage,
        make("One", category="Maxi"),
        make("Two", category="maxi"),
        make("Three", category="lehanga-choli"),
        make("Hidden", category="Gharara", is_active=False, images=()),
    )
    counts = await storage.products.count_active_by_category()
    assert list(counts) == list(Category)
    assert counts == {
        Category.MAXI: 2,
        Category.LEHANGA_CHOLI: 1,
        Category.LONG_SHIRT: 0,
        Category.SHALWAR_KAMEEZ: 0,
        Category.GHARARA: 0,
    }
    assert await storage.products.count_all() == 4
