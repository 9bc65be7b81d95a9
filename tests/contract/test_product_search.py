"""ProductRepository.search and the counts contract: filters, sorts, pages and category counts
agree on memory, SQLite and Postgres."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest

from beautique.application.queries import PageRequest, ProductQuery, ProductSort
from beautique.domain.catalog import Category, Size
from beautique.domain.product import Product
from tests.builders import T0, make_product


async def add_all(storage: Any, *products: Product) -> None:
    for product in products:
        await storage.products.add(product)


async def names(storage: Any, **query: Any) -> list[str]:
    page = await storage.products.search(ProductQuery(**query))
    return [p.name for p in page.items]


async def test_each_filter(storage: Any) -> None:
    await add_all(
        storage,
        make_product("Maxi red", colors=("Red",), sizes=("S",), regular="3000", is_bestseller=True),
        make_product("Gharara gold", category="Gharara", colors=("Gold",), sizes=("M", "XL")),
        make_product(
            "Draft maxi", colors=("red", "Blue"), sizes=("XL",), is_active=False, images=()
        ),
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
    await add_all(
        storage, make_product("Shown"), make_product("Hidden", is_active=False, images=())
    )
    assert await names(storage) == ["Shown"]  # the default query is the public one
    assert await names(storage, is_active=True) == ["Shown"]
    assert await names(storage, is_active=False) == ["Hidden"]
    assert sorted(await names(storage, is_active=None)) == ["Hidden", "Shown"]


async def test_colour_matches_case_insensitively_and_whole(storage: Any) -> None:
    await add_all(
        storage, make_product("Two tone", colors=("Bottle Green", "Red")), make_product("Plain")
    )
    assert sorted(await names(storage, color="rED")) == ["Plain", "Two tone"]
    assert await names(storage, color="bottle green") == ["Two tone"]
    assert await names(storage, color="green") == []  # a colour, not a substring


async def test_search_is_a_case_insensitive_substring_of_name_or_description(
    storage: Any,
) -> None:
    await add_all(
        storage,
        make_product("Silk Maxi", description="Pure silk, hand finished at the seams."),
        make_product("Lawn Shirt", description="Breathable LAWN cotton for summer."),
        make_product("Élan Gharara", description="Embroidered with gota work."),
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
        make_product("100% cotton"),
        make_product("1000 cotton"),
        make_product("Style a_b"),
        make_product("Style axb"),
        make_product("Back\\slash"),
    )
    assert await names(storage, search=search) == expected


async def test_price_bounds_are_inclusive_on_the_effective_price(storage: Any) -> None:
    await add_all(
        storage,
        make_product("On sale", regular="5000", sale="4000"),  # effective 4000
        make_product("Full price", regular="4500"),
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


def tied(name: str, seconds: int, id_int: int, **fields: Any) -> Product:
    return make_product(
        name, at=T0 + timedelta(seconds=seconds), product_id=UUID(int=id_int), **fields
    )


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
    await add_all(storage, *products, make_product("Draft", is_active=False, images=()))
    seen: list[UUID] = []
    for number in (1, 2, 3):
        page = await storage.products.search(ProductQuery(paging=PageRequest(number, 3)))
        assert (page.total, page.page, page.limit, page.total_pages) == (7, number, 3, 3)
        seen += [p.id for p in page.items]
    expected = sorted(products, key=lambda p: (p.created_at, p.id), reverse=True)
    assert seen == [p.id for p in expected]
    past = await storage.products.search(ProductQuery(paging=PageRequest(4, 3)))
    assert (list(past.items), past.total) == ([], 7)


async def test_counts(storage: Any) -> None:
    assert await storage.products.count_active_by_category() == dict.fromkeys(Category, 0)
    await add_all(
        storage,
        make_product("One", category="Maxi"),
        make_product("Two", category="maxi"),
        make_product("Three", category="lehanga-choli"),
        make_product("Hidden", category="Gharara", is_active=False, images=()),
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


@pytest.mark.parametrize("walk_min", [0, 10**9], ids=["walk", "sort"])
async def test_a_price_bound_pages_newest_first_whichever_way_the_page_is_found(
    storage: Any, backend: str, walk_min: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite walks the newest-first index when a price bound matches many products and sorts
    the matches when it matches few (the count decides); both give the same pages, as the other
    backends do. A category narrows the walk to the category's entries."""
    if backend == "sqlite":
        from beautique.adapters.sqlite import product_search as sqlite_search

        monkeypatch.setattr(sqlite_search, "WALK_MIN_MATCHES", walk_min)
    products = [
        tied(
            f"p{i:02}",
            i // 3,  # threes share a time: the id breaks the tie
            100 + i,
            regular=str(1000 + 250 * (i % 7)),
            sale=str(900 + 250 * (i % 7)) if i % 4 == 0 else None,
            category="Gharara" if i % 2 else "Maxi",
        )
        for i in range(24)
    ]
    await add_all(storage, *products, make_product("Draft", regular="9000", is_active=False))
    newest = sorted(products, key=lambda p: (p.created_at, p.id), reverse=True)
    for bounds in ({"min_price": Decimal("1650")}, {"max_price": Decimal("1500")}):
        low, high = bounds.get("min_price", Decimal(0)), bounds.get("max_price", Decimal(10**6))
        for category in (None, Category.GHARARA):
            expected = [
                p.id
                for p in newest
                if low <= p.effective_price <= high and category in (None, p.category)
            ]
            seen: list[UUID] = []
            for number in (1, 2, 3, 4):
                query = ProductQuery(category=category, paging=PageRequest(number, 4), **bounds)
                page = await storage.products.search(query)
                assert page.total == len(expected)
                seen += [p.id for p in page.items]
            assert seen == expected[:16]
