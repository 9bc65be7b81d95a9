"""Checkout rules in the domain: contact details, cart line shapes, pricing from the catalogue."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import pytest

from beautique.domain.catalog import Size
from beautique.domain.checkout import LineRequest, check_contact, check_line_shapes, price_lines
from beautique.domain.errors import PriceChanged, Problems, RuleViolation
from beautique.domain.order import OrderLine
from beautique.domain.product import Product
from tests.builders import MAXI_ID, PRODUCT_IMAGE, cart_line, contact_details, make_product


def contact_problems(**changes: Any) -> dict[str, list[str]]:
    problems = Problems()
    check_contact(problems, contact_details(**changes))
    try:
        problems.raise_if_any()
    except RuleViolation as violation:
        return violation.errors
    return {}


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"customer_name": "Ali"},
        {"customer_name": "x" * 100},
        {"email": None},
        {"email": ""},
        {"email": "a@b.pk"},
        {"address": "x" * 10},
        {"address": "x" * 500},
        {"city": "Ko"},
        {"city": "x" * 100},
        {"country": None},
        {"country": "x" * 100},
        {"notes": None},
        {"notes": "x" * 500},
        {"phone": "+44 7911 123456", "whatsapp": "(0300) 1234567"},
    ],
)
def test_valid_contact_details(changes: dict[str, Any]) -> None:
    assert contact_problems(**changes) == {}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"customer_name": "Al"}, "customer_name"),
        ({"customer_name": "x" * 101}, "customer_name"),
        ({"customer_name": ""}, "customer_name"),
        ({"phone": "12345"}, "phone"),
        ({"whatsapp": "abc"}, "whatsapp"),
        ({"email": "not-an-email"}, "email"),
        ({"email": "a b@example.com"}, "email"),
        ({"email": "a@example"}, "email"),
        ({"email": "a" * 243 + "@example.com"}, "email"),  # 255 characters
        ({"address": "x" * 9}, "address"),
        ({"address": "x" * 501}, "address"),
        ({"city": "K"}, "city"),
        ({"city": "x" * 101}, "city"),
        ({"country": "x" * 101}, "country"),
        ({"notes": "x" * 501}, "notes"),
        ({"phone": "0300 1234567 ext 5"}, "phone"),
        ({"phone": "+92 (300) 123-4567 000"}, "phone"),  # 15 digits, but 22 characters
        ({"phone": "1234567890123456"}, "phone"),
        ({"whatsapp": "0300"}, "whatsapp"),
        ({"whatsapp": "call me maybe"}, "whatsapp"),
        ({"email": "a" * 250 + "@example.com"}, "email"),
        ({"address": "Short"}, "address"),
        ({"city": "X"}, "city"),
    ],
)
def test_each_contact_rule(changes: dict[str, Any], field: str) -> None:
    assert list(contact_problems(**changes)) == [field]


def test_every_contact_problem_is_reported_at_once() -> None:
    errors = contact_problems(customer_name="A", phone="12", whatsapp="x", address="short", city="")
    assert list(errors) == ["customer_name", "phone", "whatsapp", "address", "city"]
    assert errors["phone"] == ["must have 10-15 digits"]


def shape_problems(lines: list[LineRequest]) -> dict[str, list[str]]:
    problems = Problems()
    check_line_shapes(problems, lines)
    try:
        problems.raise_if_any()
    except RuleViolation as violation:
        return violation.errors
    return {}


def test_line_shape_caps() -> None:
    assert shape_problems([cart_line(i) for i in range(20)]) == {}
    assert list(shape_problems([])) == ["items"]
    assert list(shape_problems([cart_line(i) for i in range(21)])) == ["items"]
    assert shape_problems([cart_line(0, quantity=1), cart_line(1, quantity=10)]) == {}
    errors = shape_problems([cart_line(0, quantity=0), cart_line(1), cart_line(2, quantity=11)])
    assert list(errors) == ["items.0.quantity", "items.2.quantity"]


MAXI = MAXI_ID
LEHANGA = UUID("00000000-0000-4000-8000-000000000002")
DRAFT = UUID("00000000-0000-4000-8000-000000000003")
IMAGE = PRODUCT_IMAGE
BACK = "https://res.cloudinary.com/demo/image/upload/back.jpg"


def offered(product_id: UUID, **changes: Any) -> Product:
    """In sizes S and M, Red and Bottle Green, with two pictures."""
    offer = {"images": (IMAGE, BACK), "colors": ("Red", "Bottle Green"), **changes}
    return make_product(product_id=product_id, **offer)


CATALOGUE = {
    MAXI: offered(MAXI, sale="4950"),
    LEHANGA: offered(LEHANGA, name="Bridal Lehanga", regular="25000.50"),
    DRAFT: offered(DRAFT, name="Draft Gharara", sale="4950", images=(), is_active=False),
}


def test_lines_take_the_server_price_name_and_first_image() -> None:
    priced = price_lines(
        [cart_line(0, quantity=2), cart_line(1, product_id=LEHANGA, size="s")], CATALOGUE
    )
    assert priced == (
        OrderLine(MAXI, "Silk Maxi - Red", Size.M, "Red", 2, Decimal("4950.00"), IMAGE),
        OrderLine(LEHANGA, "Bridal Lehanga", Size.S, "Red", 1, Decimal("25000.50"), IMAGE),
    )
    assert str(priced[0].unit_price) == "4950.00"


@pytest.mark.parametrize("shown", ["4950", "4950.00", "4950.004"])
def test_a_client_price_equal_after_rounding_is_accepted(shown: str) -> None:
    (priced,) = price_lines([cart_line(price=Decimal(shown))], CATALOGUE)
    assert priced.unit_price == Decimal("4950.00")


def test_a_different_client_price_names_the_product_and_both_prices() -> None:
    with pytest.raises(PriceChanged) as changed:
        price_lines([cart_line(price=Decimal("5500"))], CATALOGUE)
    assert changed.value.message == (
        "The price of Silk Maxi - Red changed from PKR 5,500 to PKR 4,950; please review your cart"
    )
    with pytest.raises(PriceChanged, match=r"from PKR 25,000 to PKR 25,000\.50"):
        price_lines([cart_line(product_id=LEHANGA, size="S", price=Decimal("25000"))], CATALOGUE)


def test_unknown_or_inactive_products_and_unoffered_options_name_the_line() -> None:
    lines = [
        cart_line(0),
        cart_line(1, product_id=uuid4()),
        cart_line(2, product_id=DRAFT),
        cart_line(3, size="XL"),
        cart_line(4, size="huge", color="Purple"),
    ]
    with pytest.raises(RuleViolation) as refused:
        price_lines(lines, CATALOGUE)
    errors = refused.value.errors
    assert list(errors) == [
        "items.1.product_id",
        "items.2.product_id",
        "items.3.size",
        "items.4.size",
        "items.4.color",
    ]
    assert "S, M" in errors["items.3.size"][0] and "'XL'" in errors["items.3.size"][0]
    assert "Red, Bottle Green" in errors["items.4.color"][0]


def test_a_bad_line_is_reported_before_a_stale_price() -> None:
    lines = [cart_line(0, price=Decimal("1")), cart_line(1, product_id=uuid4())]
    with pytest.raises(RuleViolation):
        price_lines(lines, CATALOGUE)


def test_identical_lines_merge_whatever_the_colour_case() -> None:
    lines = [
        cart_line(0, quantity=2),
        cart_line(1, size="S"),
        cart_line(2, color="red", quantity=3),
        cart_line(3, color="BOTTLE green"),
        cart_line(4, size="m", color="RED", quantity=1),
    ]
    priced = price_lines(lines, CATALOGUE)
    assert [(p.size, p.color, p.quantity) for p in priced] == [
        (Size.M, "Red", 6),
        (Size.S, "Red", 1),
        (Size.M, "Bottle Green", 1),
    ]


def test_a_merged_quantity_over_ten_is_refused_at_the_first_line() -> None:
    lines = [cart_line(0, quantity=1, size="S"), cart_line(1, quantity=6), cart_line(2, quantity=5)]
    with pytest.raises(RuleViolation) as refused:
        price_lines(lines, CATALOGUE)
    assert list(refused.value.errors) == ["items.1.quantity"]
    assert len(price_lines([cart_line(0, quantity=5), cart_line(1, quantity=5)], CATALOGUE)) == 1
