"""Catalogue query parameters → ProductQuery (application/params.py): every bad one named at once."""

from __future__ import annotations

from decimal import Decimal

import pytest

from beautique.application.params import ProductFilters, parse_product_filters
from beautique.application.queries import PageRequest, ProductQuery, ProductSort
from beautique.domain.catalog import Category, Size
from beautique.domain.errors import RuleViolation

PRICE_RANGE = "must be a number from 0 to 1,000,000,000"


def violations(raw: ProductFilters) -> dict[str, list[str]]:
    with pytest.raises(RuleViolation) as caught:
        parse_product_filters(raw)
    return caught.value.errors


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
        (ProductFilters(max_price="NaN"), "max_price", PRICE_RANGE),
        (
            ProductFilters(max_price="Infinity"),
            "max_price",
            PRICE_RANGE,
        ),
        (
            ProductFilters(min_price="1e999999"),
            "min_price",
            PRICE_RANGE,
        ),
        (ProductFilters(page="1.5"), "page", "must be a whole number"),
        (ProductFilters(page="-1"), "page", "must be a whole number"),
        (ProductFilters(page="1_000"), "page", "must be a whole number"),
        (ProductFilters(page="9" * 101), "page", "must be a whole number"),
        (ProductFilters(limit="0"), "limit", "must be at least 1"),
        (ProductFilters(search="a\x00b"), "search", "must not contain control characters"),
        (ProductFilters(search="a\tb"), "search", "must not contain control characters"),
        (ProductFilters(page="abc"), "page", "must be a whole number"),
        (ProductFilters(page="\u0661"), "page", "must be a whole number"),  # Arabic-Indic one
        (ProductFilters(limit="51"), "limit", "must be at most 50"),
        (ProductFilters(limit="x"), "limit", "must be a whole number"),
        (ProductFilters(min_price="cheap"), "min_price", PRICE_RANGE),
        (ProductFilters(max_price="-1"), "max_price", PRICE_RANGE),
        (ProductFilters(max_price="1000000000.01"), "max_price", PRICE_RANGE),
        (ProductFilters(search="a" * 101), "search", "must be at most 100 characters"),
        (
            ProductFilters(sort="popular"),
            "sort",
            "must be one of newest, price_asc, price_desc, name",
        ),
        (ProductFilters(size="XS"), "size", "must be one of S, M, L, XL, XXL"),
        (ProductFilters(is_bestseller="yes"), "is_bestseller", "must be true or false"),
        (ProductFilters(is_active="maybe"), "is_active", "must be true or false"),
        (ProductFilters(color="c" * 51), "color", "must be at most 50 characters"),
    ],
)
def test_bad_values_are_named(raw: ProductFilters, field: str, message: str) -> None:
    assert violations(raw) == {field: [message]}


def test_boundaries_are_inclusive() -> None:
    query = parse_product_filters(
        ProductFilters(search="s" * 100, min_price="0", max_price="0", limit="1", color="c" * 50)
    )
    assert (query.min_price, query.max_price, query.paging.limit) == (0, 0, 1)
    widest = parse_product_filters(ProductFilters(max_price="1000000000", limit="50"))
    assert (widest.max_price, widest.paging.limit) == (Decimal("1000000000.00"), 50)


def test_equal_prices_written_differently_make_the_same_query() -> None:
    """The cache keys on the parsed query, so `10`, `10.0` and `10.00` share one entry."""
    queries = {parse_product_filters(ProductFilters(min_price=p)) for p in ("10", "10.0", "1E1")}
    assert len(queries) == 1
