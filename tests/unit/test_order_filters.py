"""Admin order-list parameters: parsed strictly, every bad one named at once."""

from __future__ import annotations

from datetime import date

import pytest

from beautique.application.params import OrderFilters, parse_order_filters
from beautique.application.queries import OrderQuery, PageRequest
from beautique.domain.errors import RuleViolation
from beautique.domain.order_status import DeliveryStatus, OrderStatus, PaymentMethod, PaymentStatus


def test_nothing_given_is_every_order_first_page() -> None:
    assert parse_order_filters(OrderFilters()) == OrderQuery()


def test_every_filter_parses_into_its_type() -> None:
    query = parse_order_filters(
        OrderFilters(
            payment_status="Verified",
            order_status="cancelled",
            delivery_status="out-for-delivery",
            payment_method="MEEZAN BANK",
            search="  khan ",
            start_date="2026-11-01",
            end_date="2026-11-30",
            page="2",
            limit="50",
        )
    )
    assert query == OrderQuery(
        payment_status=PaymentStatus.VERIFIED,
        order_status=OrderStatus.CANCELLED,
        delivery_status=DeliveryStatus.OUT_FOR_DELIVERY,
        payment_method=PaymentMethod.MEEZAN_BANK,
        search="khan",
        start_date=date(2026, 11, 1),
        end_date=date(2026, 11, 30),
        paging=PageRequest(2, 50),
    )


def test_empty_parameters_count_as_absent() -> None:
    assert parse_order_filters(OrderFilters(payment_status="", start_date=" ")) == OrderQuery()


def test_every_bad_parameter_is_named_in_one_error() -> None:
    with pytest.raises(RuleViolation) as caught:
        parse_order_filters(
            OrderFilters(
                payment_status="Refunded",
                order_status="Shipped",
                delivery_status="Lost",
                payment_method="Cash",
                start_date="21-11-2026",
                end_date="2026-02-30",
                page="0",
                limit="51",
            )
        )
    assert set(caught.value.errors) == {
        "payment_status",
        "order_status",
        "delivery_status",
        "payment_method",
        "start_date",
        "end_date",
        "page",
        "limit",
    }
    assert caught.value.errors["payment_status"] == ["must be one of Pending, Paid, Verified"]


@pytest.mark.parametrize("text", ["20261121", "2026-W47-1", "2026-11-21T00:00", "tomorrow"])
def test_dates_are_plain_yyyy_mm_dd(text: str) -> None:
    with pytest.raises(RuleViolation) as caught:
        parse_order_filters(OrderFilters(start_date=text))
    assert caught.value.errors == {"start_date": ["must be a date YYYY-MM-DD"]}


def test_a_range_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(RuleViolation) as caught:
        parse_order_filters(OrderFilters(start_date="2026-11-22", end_date="2026-11-21"))
    assert caught.value.errors == {"start_date": ["must not be after end_date"]}


@pytest.mark.parametrize(
    ("raw", "field", "message"),
    [
        (
            OrderFilters(order_status="Shipped"),
            "order_status",
            "must be one of Received, Processing, Ready, Delivered, Cancelled",
        ),
        (
            OrderFilters(delivery_status="Lost"),
            "delivery_status",
            "must be one of Not Started, In Progress, Out for Delivery, Delivered",
        ),
        (
            OrderFilters(payment_method="jazz-cash"),
            "payment_method",
            "must be one of Easypaisa, Meezan Bank, International Bank",
        ),
        (OrderFilters(search="x" * 101), "search", "must be at most 100 characters"),
        (OrderFilters(search="a\x00b"), "search", "must not contain control characters"),
        (OrderFilters(page="abc"), "page", "must be a whole number"),
        (OrderFilters(limit="0"), "limit", "must be at least 1"),
        (OrderFilters(end_date="2026-02-30"), "end_date", "must be a date YYYY-MM-DD"),
    ],
)
def test_each_bad_parameter_is_named_with_its_rule(
    raw: OrderFilters, field: str, message: str
) -> None:
    with pytest.raises(RuleViolation) as caught:
        parse_order_filters(raw)
    assert caught.value.errors == {field: [message]}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (OrderFilters(payment_status=" paid "), OrderQuery(payment_status=PaymentStatus.PAID)),
        (
            OrderFilters(delivery_status="NOT_STARTED"),
            OrderQuery(delivery_status=DeliveryStatus.NOT_STARTED),
        ),
        (
            OrderFilters(delivery_status="out for delivery"),
            OrderQuery(delivery_status=DeliveryStatus.OUT_FOR_DELIVERY),
        ),
        (
            OrderFilters(payment_method="easypaisa"),
            OrderQuery(payment_method=PaymentMethod.EASYPAISA),
        ),
        (
            OrderFilters(start_date="2026-11-21", end_date="2026-11-21"),
            OrderQuery(start_date=date(2026, 11, 21), end_date=date(2026, 11, 21)),
        ),
        (OrderFilters(search="x" * 100), OrderQuery(search="x" * 100)),
    ],
)
def test_statuses_in_any_spelling_and_bounds_that_just_fit(
    raw: OrderFilters, expected: OrderQuery
) -> None:
    assert parse_order_filters(raw) == expected
