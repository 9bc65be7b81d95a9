"""The syntactic phone rule. Normalisation to E.164 is a port (PhoneNormalizer), not done here."""

from __future__ import annotations

import re

SEPARATORS = " +-.()"
ALLOWED = re.compile(r"^[0-9 +\-.()]+$")
MAX_LENGTH = 20
DIGITS = (10, 15)


def phone_problem(raw: str) -> str | None:
    """Why `raw` is not an acceptable phone number, or None: 10-15 digits, only digits,
    spaces and + - . ( ), at most 20 characters."""
    if len(raw) > MAX_LENGTH:
        return f"must be at most {MAX_LENGTH} characters"
    if not ALLOWED.match(raw):
        return "may contain only digits, spaces and + - . ( )"
    low, high = DIGITS
    if not low <= len(digits_of(raw)) <= high:
        return f"must have {low}-{high} digits"
    return None


def digits_of(raw: str) -> str:
    return "".join(ch for ch in raw if ch.isdigit())


def masked(raw: str) -> str:
    """For logs: never a full phone number."""
    digits = digits_of(raw)
    return f"***{digits[-3:]}" if len(digits) > 3 else "***"
