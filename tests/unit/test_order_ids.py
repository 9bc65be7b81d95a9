"""Order ids (BQ-YYYYMMDD-NNN) and the store's business day."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from beautique.domain.order_id import OrderId, business_day

KARACHI = ZoneInfo("Asia/Karachi")
DAY = date(2026, 11, 21)


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
