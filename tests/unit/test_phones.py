"""Phone numbers: the domain's syntax rule, then E.164 normalisation in the store's region."""

from __future__ import annotations

import pytest

from beautique.adapters.phones import PhonenumbersNormalizer
from beautique.domain.phone import phone_problem


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


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("03001234567", "+923001234567"),
        ("0300-1234567", "+923001234567"),
        ("(0300) 1234567", "+923001234567"),
        ("+92 300 1234567", "+923001234567"),
        ("+923001234567", "+923001234567"),
        ("0092 300 1234567", "+923001234567"),
        ("+1-555-123-4567", "+15551234567"),
        ("+44 7911 123456", "+447911123456"),
    ],
)
def test_phone_numbers_normalise_to_e164_in_the_store_region(raw: str, e164: str) -> None:
    assert PhonenumbersNormalizer("PK").to_e164(raw) == e164


@pytest.mark.parametrize("raw", ["", "abc", "+999 1234567890", "+92 3001234567890", "9" * 300])
def test_unreadable_phone_numbers_normalise_to_none(raw: str) -> None:
    assert PhonenumbersNormalizer("PK").to_e164(raw) is None


def test_the_default_region_decides_numbers_without_a_plus() -> None:
    assert PhonenumbersNormalizer("GB").to_e164("07911 123456") == "+447911123456"
