"""How SQLite stores our values: money as integer paisa, instants as fixed-width UTC text, lists
of ids as JSON."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

# How a statement tests a column against the bound list `ids`, which SQLite takes as JSON text.
IN_IDS = "IN (SELECT value FROM json_each(:ids))"


def to_paisa(amount: Decimal) -> int:
    """Exact: refuses amounts with more than two decimals (the domain refuses them first)."""
    paisa = amount.scaleb(2)
    if paisa != paisa.to_integral_value():
        raise ValueError(f"{amount} has more than 2 decimals; the domain should have refused it")
    return int(paisa)


def from_paisa(paisa: int) -> Decimal:
    return Decimal(paisa).scaleb(-2)


def to_text(moment: datetime) -> str:
    """Fixed-width UTC ISO-8601 with microseconds, so text order is time order.

    A naive datetime is refused: it would be stored as if it were UTC."""
    if moment.tzinfo is None:
        raise ValueError("refusing to store a naive datetime")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def from_text(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)
