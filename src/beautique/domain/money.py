"""Money in PKR: always Decimal with at most two decimals, never float."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
ZERO = Decimal("0")
MAX_PRICE = Decimal("1000000")


def has_at_most_two_decimals(value: Decimal) -> bool:
    """True for 4950, 4950.5, 4950.500; False for 4950.505, NaN and infinities.

    Reads the digits instead of quantizing, which raises for very long values."""
    if not value.is_finite():
        return False
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite decimals have an int exponent
    extra = -exponent - 2  # digits beyond the second decimal place
    return extra <= 0 or not any(digits[-extra:])


def is_price(value: Decimal) -> bool:
    """A finite amount from 0 to MAX_PRICE with at most two decimals."""
    return value.is_finite() and ZERO <= value <= MAX_PRICE and has_at_most_two_decimals(value)


def to_money(value: Decimal | int | str) -> Decimal:
    """Round half up to paisa; used wherever a computed amount is stored or shown."""
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
        return amount.quantize(CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation as exc:
        raise ValueError(f"not an amount of money: {value!r}") from exc


def percent_off(regular: Decimal, sale: Decimal | None) -> int | None:
    """round((regular - sale) / regular * 100), halves rounded up; None without a sale."""
    if sale is None or regular <= ZERO:
        return None
    ratio = (regular - sale) / regular * 100
    return int(ratio.quantize(Decimal("1"), rounding=ROUND_HALF_UP))
