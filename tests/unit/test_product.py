"""Product, money and catalogue vocabulary rules (contract §3), one rule per test."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import uuid4

import pytest

from beautique.domain.catalog import Category, Size
from beautique.domain.errors import RuleViolation
from beautique.domain.money import has_at_most_two_decimals, percent_off, to_money
from beautique.domain.product import ImageHostPolicy, Product
from tests.builders import PRODUCT_IMAGE, product_draft

POLICY = ImageHostPolicy(frozenset({"res.cloudinary.com", "media.beautique.pk"}))
IMAGE = PRODUCT_IMAGE
NOW = datetime(2026, 1, 18, 9, 30, tzinfo=UTC)


def create(**changes: Any) -> Product:
    return Product.create(product_draft(**changes), policy=POLICY, product_id=uuid4(), now=NOW)


def problems(**changes: Any) -> dict[str, list[str]]:
    with pytest.raises(RuleViolation) as caught:
        create(**changes)
    return caught.value.errors


def test_a_valid_draft_becomes_a_product() -> None:
    product = create(category="lehanga-choli", is_bestseller=True)
    assert product.category is Category.LEHANGA_CHOLI
    assert (product.created_at, product.updated_at) == (NOW, NOW)
    assert product.images == (IMAGE,) and product.colors == ("Red",)
    assert product.is_bestseller and product.is_active


# --- text ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("length", "ok"), [(2, False), (3, True), (255, True), (256, False)])
def test_name_is_3_to_255_characters(length: int, ok: bool) -> None:
    name = "n" * length
    if ok:
        assert create(name=name).name == name
    else:
        assert problems(name=name) == {"name": ["must be 3 to 255 characters"]}


@pytest.mark.parametrize(("length", "ok"), [(9, False), (10, True), (2000, True), (2001, False)])
def test_description_is_10_to_2000_characters(length: int, ok: bool) -> None:
    text = "d" * length
    if ok:
        assert create(description=text).description == text
    else:
        assert problems(description=text) == {"description": ["must be 10 to 2000 characters"]}


# --- prices -------------------------------------------------------------------------------


@pytest.mark.parametrize("price", ["0", "0.01", "999999.99", "1000000", "1.5", "1.500"])
def test_regular_price_in_range_with_at_most_two_decimals(price: str) -> None:
    assert create(regular_price=Decimal(price)).regular_price == Decimal(price)


@pytest.mark.parametrize(
    ("price", "message"),
    [
        ("-0.01", "must be between 0 and 1,000,000"),
        ("1000000.01", "must be between 0 and 1,000,000"),
        ("10.005", "must have at most 2 decimal places"),
        ("NaN", "must be a finite number"),
        ("Infinity", "must be a finite number"),
        ("123456789012345678901234567.891", "must be between 0 and 1,000,000"),
    ],
)
def test_regular_price_out_of_range_or_too_precise(price: str, message: str) -> None:
    assert problems(regular_price=Decimal(price)) == {"regular_price": [message]}


@pytest.mark.parametrize("sale", ["0", "0.01", "5499.99"])
def test_sale_price_from_zero_to_just_below_regular(sale: str) -> None:
    assert create(sale_price=Decimal(sale)).sale_price == Decimal(sale)


@pytest.mark.parametrize(
    ("sale", "message"),
    [
        ("5500", "must be at least 0 and below regular_price"),
        ("6000", "must be at least 0 and below regular_price"),
        ("-1", "must be at least 0 and below regular_price"),
        ("99.999", "must have at most 2 decimal places"),
        ("sNaN", "must be a finite number"),
    ],
)
def test_sale_price_outside_the_rule(sale: str, message: str) -> None:
    assert problems(sale_price=Decimal(sale)) == {"sale_price": [message]}


def test_effective_price_is_the_sale_when_there_is_one() -> None:
    assert create().effective_price == Decimal("5500")
    assert create(sale_price=Decimal("4950.50")).effective_price == Decimal("4950.50")
    assert create(sale_price=Decimal("0")).effective_price == Decimal("0")


@pytest.mark.parametrize(
    ("regular", "sale", "percent"),
    [
        ("5500", "4950", 10),
        ("200", "199", 1),  # 0.5 rounds half up
        ("8", "7", 13),  # 12.5 rounds half up
        ("3", "2", 33),  # 33.33 rounds down
        ("3", "1", 67),  # 66.67 rounds up
        ("100", "0", 100),
        ("5500", None, None),
    ],
)
def test_discount_percentage_rounds_half_up(regular: str, sale: str | None, percent: int) -> None:
    product = create(regular_price=Decimal(regular), sale_price=sale and Decimal(sale))
    assert product.discount_percentage == percent


def test_money_helpers() -> None:
    assert percent_off(Decimal("0"), Decimal("0")) is None  # no division by a free price
    assert to_money("2.345") == Decimal("2.35") and to_money(3) == Decimal("3.00")
    assert to_money(Decimal("-2.345")) == Decimal("-2.35")  # half away from zero
    with pytest.raises(ValueError, match="not an amount of money"):
        to_money("twelve")
    assert has_at_most_two_decimals(Decimal("1E+3")) and has_at_most_two_decimals(Decimal("1.10"))
    assert has_at_most_two_decimals(Decimal("1.100")) and not has_at_most_two_decimals(
        Decimal("1.101")
    )
    assert not has_at_most_two_decimals(Decimal("NaN"))


# --- sizes and colours ----------------------------------------------------------------------


def test_sizes_are_distinct_and_kept_in_s_to_xxl_order() -> None:
    product = create(sizes=["XXL", "s", " m ", "XXL", "L"])
    assert product.sizes == (Size.S, Size.M, Size.L, Size.XXL)
    assert product.has_size("xxl") and not product.has_size("XL")


def test_sizes_must_be_known_and_at_least_one() -> None:
    assert problems(sizes=["M", "XS"]) == {"sizes.1": ["must be one of S, M, L, XL, XXL"]}
    assert problems(sizes=[]) == {"sizes": ["must list at least 1 size"]}


def test_colours_are_distinct_ignoring_case_first_spelling_kept_in_order() -> None:
    product = create(colors=["Red", "Bottle Green", "RED", "red", "Gold"])
    assert product.colors == ("Red", "Bottle Green", "Gold")
    assert product.has_color(" bottle GREEN ") and not product.has_color("Green")


@pytest.mark.parametrize(("length", "ok"), [(0, False), (1, True), (50, True), (51, False)])
def test_each_colour_is_1_to_50_characters(length: int, ok: bool) -> None:
    colour = "c" * length
    if ok:
        assert create(colors=["Red", colour]).colors == ("Red", colour)
    else:
        assert problems(colors=["Red", colour]) == {"colors.1": ["must be 1 to 50 characters"]}


def test_at_least_one_and_at_most_twenty_distinct_colours() -> None:
    twenty = [f"Colour {i}" for i in range(20)]
    assert len(create(colors=[*twenty, "COLOUR 0"]).colors) == 20  # a repeat is not a 21st
    assert problems(colors=[*twenty, "Colour 20"]) == {"colors": ["must list at most 20 colours"]}
    assert problems(colors=[]) == {"colors": ["must list at least 1 colour"]}


# --- images -------------------------------------------------------------------------------


def test_images_on_an_allowed_host_any_case() -> None:
    urls = [IMAGE, "https://RES.Cloudinary.com/x.png", "https://media.beautique.pk/a.webp"]
    assert create(images=urls).images == tuple(urls)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://res.cloudinary.com/x.jpg", "must be an absolute https URL"),
        ("/media/x.jpg", "must be an absolute https URL"),
        ("https:///x.jpg", "must be an absolute https URL"),
        ("https://[broken/x.jpg", "must be an absolute https URL"),
        ("https://evil.example/x.jpg", "host evil.example is not an allowed image host"),
        (
            "https://res.cloudinary.com@evil.example/x",
            "host evil.example is not an allowed image host",
        ),
        ("https://res.cloudinary.com/" + "a" * 474, "must be at most 500 characters"),
    ],
)
def test_bad_image_urls(url: str, message: str) -> None:
    assert problems(images=[IMAGE, url]) == {"images.1": [message]}


def test_an_image_url_of_exactly_500_characters_is_fine() -> None:
    url = "https://res.cloudinary.com/" + "a" * 473
    assert len(url) == 500 and create(images=[url]).images == (url,)


def test_at_most_ten_images() -> None:
    assert len(create(images=[IMAGE] * 10).images) == 10
    assert problems(images=[IMAGE] * 11) == {"images": ["must hold at most 10 images"]}


def test_an_active_product_needs_an_image_a_draft_does_not() -> None:
    assert problems(images=[]) == {"images": ["an active product needs at least 1 image"]}
    assert create(images=[], is_active=False).images == ()


# --- all at once, categories, revise ---------------------------------------------------------


def test_every_problem_is_reported_at_once() -> None:
    errors = problems(
        name="x",
        category="Saree",
        description="short",
        regular_price=Decimal("-1"),
        sale_price=Decimal("1.001"),
        sizes=["XS"],
        colors=[""],
        images=["http://res.cloudinary.com/x.jpg"],
    )
    assert set(errors) == {
        "name",
        "category",
        "description",
        "regular_price",
        "sale_price",
        "sizes.0",
        "colors.0",
        "images.0",
    }
    assert errors["category"] == [
        "must be one of Maxi, Lehanga Choli, Long Shirt, Shalwar Kameez, Gharara"
    ]


@pytest.mark.parametrize(
    "text", ["Lehanga Choli", "lehanga-choli", "LEHANGA CHOLI", " lehanga_choli ", "Lehanga  Choli"]
)
def test_category_parses_label_or_slug_in_any_case(text: str) -> None:
    assert Category.parse(text) is Category.LEHANGA_CHOLI


def test_category_vocabulary() -> None:
    assert Category.parse("Saree") is None and Category.parse("") is None
    assert [c.slug for c in Category] == [
        "maxi",
        "lehanga-choli",
        "long-shirt",
        "shalwar-kameez",
        "gharara",
    ]
    assert Size.parse(" xxl ") is Size.XXL and Size.parse("XS") is None
    assert [s.rank for s in Size] == [0, 1, 2, 3, 4]


def test_revise_applies_changes_and_keeps_identity() -> None:
    product = create(sale_price=Decimal("5000"))
    later = NOW + timedelta(hours=2)
    revised = product.revise({"sale_price": None, "sizes": ["XL", "S"]}, policy=POLICY, now=later)
    assert (revised.id, revised.created_at, revised.updated_at) == (product.id, NOW, later)
    assert revised.sale_price is None and revised.sizes == (Size.S, Size.XL)
    assert revised.name == product.name


def test_revise_checks_the_merged_result() -> None:
    product = create(sale_price=Decimal("5000"))
    with pytest.raises(RuleViolation) as caught:  # lowering regular below the existing sale
        product.revise({"regular_price": Decimal("4000")}, policy=POLICY, now=NOW)
    assert caught.value.errors == {"sale_price": ["must be at least 0 and below regular_price"]}
    draft = create(images=[], is_active=False)
    with pytest.raises(RuleViolation) as caught:  # activating a product without images
        draft.revise({"is_active": True}, policy=POLICY, now=NOW)
    assert set(caught.value.errors) == {"images"}


def test_deactivate_and_add_images() -> None:
    product = create()
    hidden = product.deactivate(NOW + timedelta(minutes=1))
    assert not hidden.is_active and hidden.updated_at > product.updated_at
    assert dataclasses.replace(hidden, is_active=True, updated_at=NOW, version=1) == product
    more = product.with_images([IMAGE + "?v=2"], policy=POLICY, now=NOW)
    assert more.images == (IMAGE, IMAGE + "?v=2")
    with pytest.raises(RuleViolation):
        product.with_images([IMAGE] * 10, policy=POLICY, now=NOW)
