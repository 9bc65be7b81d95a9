"""Order domain rules: ids and business days, status machine, checkout checks, phone syntax."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

import pytest

from beautique.domain.catalog import Category, Size
from beautique.domain.checkout import (
    ContactDetails,
    LineRequest,
    check_contact,
    check_line_shapes,
    price_lines,
)
from beautique.domain.errors import IllegalTransition, PriceChanged, Problems, RuleViolation
from beautique.domain.order import Customer, Order, OrderLine
from beautique.domain.order_id import OrderId, business_day
from beautique.domain.order_status import DeliveryStatus, OrderStatus, PaymentMethod, PaymentStatus
from beautique.domain.phone import phone_problem
from beautique.domain.product import Product

KARACHI = ZoneInfo("Asia/Karachi")
NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
DAY = date(2026, 11, 21)

# --- order ids and business days ---------------------------------------------------------


def test_order_ids_are_composed_with_at_least_three_digits() -> None:
    assert str(OrderId.compose(DAY, 7)) == "BQ-20261121-007"
    assert str(OrderId.compose(DAY, 999)) == "BQ-20261121-999"
    assert str(OrderId.compose(DAY, 1000)) == "BQ-20261121-1000"
    assert OrderId.compose(DAY, 1000).number == 1000 and OrderId.compose(DAY, 1).day == DAY
    with pytest.raises(ValueError, match="start at 1"):
        OrderId.compose(DAY, 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BQ-20261121-007", "BQ-20261121-007"),
        ("bq-20261121-007", "BQ-20261121-007"),
        ("  Bq-20261121-1000 ", "BQ-20261121-1000"),
        ("BQ-20240229-001", "BQ-20240229-001"),  # a real leap day
        ("BQ-20261121-0007", "BQ-20261121-007"),  # the same order, canonical spelling
    ],
)
def test_parse_is_case_insensitive_and_canonical(text: str, expected: str) -> None:
    parsed = OrderId.parse(text)
    assert parsed == OrderId(expected)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "BQ-20261121-07",  # too few digits
        "BQ-2026112-007",
        "XQ-20261121-007",
        "BQ20261121007",
        "BQ-20261121-007x",
        "xBQ-20261121-007",
        "BQ-20261121-000",  # numbers start at 1
        "BQ-20261321-001",  # month 13
        "BQ-20260230-001",  # 30 February
        "BQ-20250229-001",  # not a leap year
        "BQ-00001121-001",  # year 0
        "BQ-20261121-\u0660\u0660\u0661",  # Arabic-Indic digits
        "BQ-20261121-007\nBQ-20261121-008",
    ],
)
def test_parse_rejects_malformed_or_impossible_ids(text: str) -> None:
    assert OrderId.parse(text) is None


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        ("2026-11-21T18:59:00+00:00", date(2026, 11, 21)),  # 23:59 in Karachi
        (
            "2026-11-21T19:01:00+00:00",
            date(2026, 11, 22),
        ),  # 00:01 in Karachi, still the 21st in UTC
        ("2026-11-21T19:00:00+00:00", date(2026, 11, 22)),  # local midnight belongs to the new day
        ("2026-11-20T19:00:00+00:00", date(2026, 11, 21)),
        ("2026-11-22T03:00:00+08:00", date(2026, 11, 22)),  # any offset in, Karachi day out
    ],
)
def test_business_day_is_the_store_calendar_day(instant: str, expected: date) -> None:
    assert business_day(datetime.fromisoformat(instant), KARACHI) == expected


def test_business_day_follows_the_configured_zone() -> None:
    at = datetime(2026, 11, 21, 18, 59, tzinfo=UTC)
    assert business_day(at, ZoneInfo("UTC")) == date(2026, 11, 21)
    assert business_day(at, ZoneInfo("Asia/Tokyo")) == date(2026, 11, 22)


# --- status machine ----------------------------------------------------------------------


def make_order(**changes: Any) -> Order:
    base = Order(
        id=uuid4(),
        order_id=OrderId.compose(DAY, 1),
        customer=Customer(
            "Ayesha Khan",
            "03001234567",
            "+923001234567",
            "03001234567",
            None,
            "House 12, Street 4",
            "Islamabad",
            "Pakistan",
            None,
        ),
        lines=(OrderLine(uuid4(), "Silk Maxi", Size.M, "Red", 2, Decimal("4950.00"), None),),
        payment_method=PaymentMethod.EASYPAISA,
        order_date=DAY,
        created_at=NOW,
        updated_at=NOW,
    )
    return dataclasses.replace(base, **changes)


LATER = NOW + timedelta(hours=1)
PAYMENTS = list(PaymentStatus)
ORDERS = list(OrderStatus)
DELIVERIES = list(DeliveryStatus)


@pytest.mark.parametrize(("current", "wanted"), list(itertools.product(PAYMENTS, PAYMENTS)))
def test_payment_moves_forward_only_skipping_allowed(
    current: PaymentStatus, wanted: PaymentStatus
) -> None:
    order = make_order(payment_status=current)
    if PAYMENTS.index(wanted) > PAYMENTS.index(current):
        changed = order.change_status(payment=wanted, by="sana", now=LATER)
        assert changed.payment_status is wanted and changed.updated_at == LATER
        assert [(c.field, c.from_, c.to, c.by, c.at) for c in changed.history] == [
            ("payment_status", current, wanted, "sana", LATER)
        ]
    elif wanted is current:
        assert order.change_status(payment=wanted, by="sana", now=LATER) is order
    else:
        with pytest.raises(IllegalTransition, match=f"payment_status cannot move from {current}"):
            order.change_status(payment=wanted, by="sana", now=LATER)


def _order_move_allowed(current: OrderStatus, wanted: OrderStatus) -> bool:
    if current in (OrderStatus.DELIVERED, OrderStatus.CANCELLED):
        return False
    return wanted is OrderStatus.CANCELLED or ORDERS.index(wanted) > ORDERS.index(current)


@pytest.mark.parametrize(("current", "wanted"), list(itertools.product(ORDERS, ORDERS)))
def test_order_status_rules(current: OrderStatus, wanted: OrderStatus) -> None:
    delivered = current is OrderStatus.DELIVERED
    order = make_order(
        order_status=current,
        delivery_status=DeliveryStatus.DELIVERED if delivered else DeliveryStatus.NOT_STARTED,
    )
    if wanted is current:
        assert order.change_status(order=wanted, by="omar", now=LATER) is order
    elif _order_move_allowed(current, wanted):
        changed = order.change_status(order=wanted, by="omar", now=LATER)
        assert changed.order_status is wanted
        assert changed.history[0].field == "order_status"
        assert (changed.history[0].from_, changed.history[0].to) == (current, wanted)
    else:
        with pytest.raises(IllegalTransition, match=f"cannot move from {current} to {wanted}"):
            order.change_status(order=wanted, by="omar", now=LATER)


@pytest.mark.parametrize(("current", "wanted"), list(itertools.product(DELIVERIES, DELIVERIES)))
def test_delivery_moves_forward_only(current: DeliveryStatus, wanted: DeliveryStatus) -> None:
    delivered = current is DeliveryStatus.DELIVERED
    order = make_order(
        order_status=OrderStatus.DELIVERED if delivered else OrderStatus.PROCESSING,
        delivery_status=current,
    )
    if wanted is current:
        assert order.change_status(delivery=wanted, by=None, now=LATER) is order
    elif DELIVERIES.index(wanted) > DELIVERIES.index(current):
        changed = order.change_status(delivery=wanted, by=None, now=LATER)
        assert changed.delivery_status is wanted
        assert ("delivery_status", current, wanted) in [
            (c.field, c.from_, c.to) for c in changed.history
        ]
    else:
        with pytest.raises(IllegalTransition):
            order.change_status(delivery=wanted, by=None, now=LATER)


def test_delivered_order_sets_delivery_delivered_too() -> None:
    order = make_order(order_status=OrderStatus.READY, delivery_status=DeliveryStatus.IN_PROGRESS)
    changed = order.change_status(order=OrderStatus.DELIVERED, by="omar", now=LATER)
    assert (changed.order_status, changed.delivery_status) == ("Delivered", "Delivered")
    assert [(c.field, c.from_, c.to) for c in changed.history] == [
        ("order_status", "Ready", "Delivered"),
        ("delivery_status", "In Progress", "Delivered"),
    ]


def test_delivered_delivery_sets_order_delivered_too() -> None:
    order = make_order(order_status=OrderStatus.RECEIVED)
    changed = order.change_status(delivery=DeliveryStatus.DELIVERED, by="omar", now=LATER)
    assert (changed.order_status, changed.delivery_status) == ("Delivered", "Delivered")
    assert len(changed.history) == 2


def test_echoing_the_current_delivery_while_delivering_is_not_a_contradiction() -> None:
    """An admin form that sends every field unchanged but order_status still delivers."""
    order = make_order(
        order_status=OrderStatus.READY, delivery_status=DeliveryStatus.OUT_FOR_DELIVERY
    )
    changed = order.change_status(
        order=OrderStatus.DELIVERED, delivery=DeliveryStatus.OUT_FOR_DELIVERY, by=None, now=LATER
    )
    assert (changed.order_status, changed.delivery_status) == ("Delivered", "Delivered")


@pytest.mark.parametrize(
    ("order_status", "delivery", "field"),
    [
        (OrderStatus.DELIVERED, DeliveryStatus.IN_PROGRESS, "delivery_status"),
        (OrderStatus.READY, DeliveryStatus.DELIVERED, "order_status"),
    ],
)
def test_contradicting_delivered_values_are_refused(
    order_status: OrderStatus, delivery: DeliveryStatus, field: str
) -> None:
    with pytest.raises(IllegalTransition, match="contradicts") as refused:
        make_order().change_status(order=order_status, delivery=delivery, by=None, now=LATER)
    assert f"{field} {delivery if field == 'delivery_status' else order_status}" in str(
        refused.value
    )


def test_cancelled_order_delivery_cannot_change() -> None:
    cancelled = make_order(
        order_status=OrderStatus.CANCELLED, delivery_status=DeliveryStatus.IN_PROGRESS
    )
    for delivery in (DeliveryStatus.OUT_FOR_DELIVERY, DeliveryStatus.DELIVERED):
        with pytest.raises(IllegalTransition):
            cancelled.change_status(delivery=delivery, by=None, now=LATER)
    assert cancelled.change_status(delivery=DeliveryStatus.IN_PROGRESS, by=None, now=LATER) is (
        cancelled
    )
    with pytest.raises(IllegalTransition, match="Cancelled"):
        make_order().change_status(
            order=OrderStatus.CANCELLED, delivery=DeliveryStatus.IN_PROGRESS, by=None, now=LATER
        )


def test_several_changes_at_once_append_one_entry_each_in_field_order() -> None:
    order = make_order(history=())
    first = order.change_status(payment=PaymentStatus.PAID, by="sana", now=LATER)
    second = first.change_status(
        payment=PaymentStatus.VERIFIED,
        order=OrderStatus.PROCESSING,
        delivery=DeliveryStatus.IN_PROGRESS,
        by="omar",
        now=LATER + timedelta(minutes=1),
    )
    assert [(c.field, c.to, c.by) for c in second.history] == [
        ("payment_status", "Paid", "sana"),
        ("payment_status", "Verified", "omar"),
        ("order_status", "Processing", "omar"),
        ("delivery_status", "In Progress", "omar"),
    ]
    assert second.updated_at == LATER + timedelta(minutes=1)


def test_a_refused_change_changes_nothing() -> None:
    order = make_order(payment_status=PaymentStatus.PAID, order_status=OrderStatus.PROCESSING)
    with pytest.raises(IllegalTransition):
        order.change_status(
            payment=PaymentStatus.VERIFIED, order=OrderStatus.RECEIVED, by=None, now=LATER
        )
    with pytest.raises(IllegalTransition):
        order.change_status(payment=PaymentStatus.PENDING, by=None, now=LATER)
    assert order.payment_status is PaymentStatus.PAID and order.history == ()
    assert order.order_status is OrderStatus.PROCESSING


def test_tracking_fields_change_without_history() -> None:
    order = make_order()
    changed = order.with_tracking(
        estimated_delivery=date(2026, 11, 25), tracking_notes="TCS 123", now=LATER
    )
    assert (changed.estimated_delivery, changed.tracking_notes) == (date(2026, 11, 25), "TCS 123")
    assert changed.history == () and changed.updated_at == LATER
    cleared = changed.with_tracking(estimated_delivery=None, tracking_notes=None, now=LATER)
    assert cleared.estimated_delivery is None and cleared.tracking_notes is None


def test_total_is_the_exact_sum_of_lines() -> None:
    lines = (
        OrderLine(uuid4(), "A", Size.S, "Red", 3, Decimal("0.10"), None),
        OrderLine(uuid4(), "B", Size.L, "Red", 1, Decimal("4950.55"), None),
    )
    assert make_order(lines=lines).total_amount == Decimal("4950.85")


# --- checkout: contact details -----------------------------------------------------------


def contact(**changes: Any) -> ContactDetails:
    base = ContactDetails(
        customer_name="Ayesha Khan",
        phone="0300 1234567",
        whatsapp="+92 300 1234567",
        email="ayesha@example.com",
        address="House 12, Street 4, F-7/2",
        city="Islamabad",
        country="Pakistan",
        notes="Call before delivery",
    )
    return dataclasses.replace(base, **changes)


def contact_problems(**changes: Any) -> dict[str, list[str]]:
    problems = Problems()
    check_contact(problems, contact(**changes))
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
    ],
)
def test_each_contact_rule(changes: dict[str, Any], field: str) -> None:
    assert list(contact_problems(**changes)) == [field]


def test_every_contact_problem_is_reported_at_once() -> None:
    errors = contact_problems(customer_name="A", phone="12", whatsapp="x", address="short", city="")
    assert list(errors) == ["customer_name", "phone", "whatsapp", "address", "city"]
    assert errors["phone"] == ["must have 10-15 digits"]


# --- checkout: cart lines ----------------------------------------------------------------


def cart_line(index: int = 0, **changes: Any) -> LineRequest:
    base = LineRequest(index=index, product_id=MAXI, size="M", color="Red", quantity=1)
    return dataclasses.replace(base, **changes)


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


MAXI = UUID("00000000-0000-4000-8000-000000000001")
LEHANGA = UUID("00000000-0000-4000-8000-000000000002")
DRAFT = UUID("00000000-0000-4000-8000-000000000003")
IMAGE = "https://res.cloudinary.com/demo/image/upload/maxi.jpg"


def product(product_id: UUID, **changes: Any) -> Product:
    base = Product(
        id=product_id,
        name="Silk Maxi - Red",
        category=Category.MAXI,
        description="A flowing silk maxi dress.",
        regular_price=Decimal("5500"),
        sale_price=Decimal("4950"),
        images=(IMAGE, "https://res.cloudinary.com/demo/image/upload/back.jpg"),
        sizes=(Size.S, Size.M),
        colors=("Red", "Bottle Green"),
        is_bestseller=False,
        is_active=True,
        created_at=NOW,
        updated_at=NOW,
    )
    return dataclasses.replace(base, **changes)


CATALOGUE = {
    MAXI: product(MAXI),
    LEHANGA: product(
        LEHANGA, name="Bridal Lehanga", regular_price=Decimal("25000.50"), sale_price=None
    ),
    DRAFT: product(DRAFT, name="Draft Gharara", is_active=False, images=()),
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


# --- phone syntax ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "03001234567",
        "0300-1234567",
        "(0300) 1234567",
        "+92 300 1234567",
        "+923001234567",
        "+1-555-123-4567",
        "+44 7911 123456",
        "0300.123.4567",
        "123456789012345",  # 15 digits
    ],
)
def test_phone_syntax_accepts(raw: str) -> None:
    assert phone_problem(raw) is None


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("12345", "must have 10-15 digits"),
        ("123456789", "must have 10-15 digits"),
        ("1234567890123456", "must have 10-15 digits"),
        ("abc", "may contain only digits, spaces and + - . ( )"),
        ("0300 1234567 ext", "may contain only digits, spaces and + - . ( )"),
        ("0300/1234567", "may contain only digits, spaces and + - . ( )"),
        (
            "\u0660\u0663\u0660\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667",
            "may contain only digits, spaces and + - . ( )",
        ),
        ("+92 300 1234567 12345", "must be at most 20 characters"),  # 21 characters
        ("0" * 25, "must be at most 20 characters"),
    ],
)
def test_phone_syntax_rejects(raw: str, problem: str) -> None:
    assert phone_problem(raw) == problem
