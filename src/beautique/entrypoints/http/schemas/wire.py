"""What a request field accepts, told to the OpenAPI schema, never enforced by msgspec.

The rules themselves live in the domain (which reports every broken rule of a request at once);
these annotations only *describe* them, with the domain's own numbers, so the published schema is
exactly what the server accepts. Each helper returns a `msgspec.Meta` carrying JSON Schema keywords
in `extra_json_schema` only: msgspec never validates those, and `openapi_schema.WireSchemaPlugin`
copies them into the OpenAPI document (as `msgspec.json.schema` would).

Request strings are trimmed before validation (contract §1), so a length is the length *after
trimming*: that is a pattern (`minLength`/`maxLength` would count the surrounding white space).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

import msgspec

from beautique.domain import phone as phones
from beautique.domain.catalog import Category, Size
from beautique.domain.checkout import EMAIL_MAX, EMAIL_SHAPE
from beautique.domain.money import MAX_PRICE
from beautique.domain.order_status import (
    DeliveryStatus,
    OrderStatus,
    PaymentMethod,
    PaymentStatus,
)

# What a one-line text field accepts (`domain.text`): no control characters but tab.
TEXT_CHAR = r"[^\x00-\x08\x0a-\x1f\x7f]"
# What a text field that may span lines accepts (address, notes, description): line breaks too.
LINES_CHAR = r"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
# What an order's tracking notes accept (`domain.order`): tabs and new lines, no carriage return.
NOTES_CHAR = r"[^\x00-\x08\x0b-\x1f\x7f]"
# What a search or colour filter in a query string accepts: no control characters.
PRINTABLE = r"[^\x00-\x1f\x7f]"


# White space as the server knows it: Python's `str.strip()` and `\s`. ECMA-262 (JSON Schema's
# regex dialect) means something else by `\s` (no U+0085 or U+001C..U+001F, but U+FEFF), so every
# published pattern spells it out (see `portable`).
SPACE = "\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"


def portable(pattern: str) -> str:
    """`pattern` with `\\s` and `\\S` written as explicit classes, so a validator in any regex
    dialect reads white space exactly as Python does."""
    out, in_class, i = [], False, 0
    while i < len(pattern):
        pair = pattern[i : i + 2]
        if pair in ("\\s", "\\S"):
            if in_class and pair == "\\S":
                raise ValueError("\\S inside a character class has no portable spelling")
            out.append(SPACE if in_class else ("[" if pair == "\\s" else "[^") + SPACE + "]")
            i += 2
            continue
        if pattern[i] == "\\":
            out.append(pair)
            i += 2
            continue
        in_class = (in_class or pattern[i] == "[") and not (in_class and pattern[i] == "]")
        out.append(pattern[i])
        i += 1
    return "".join(out)


def _portable_all(keywords: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in keywords.items():
        if key == "pattern":
            value = portable(value)
        elif key in ("allOf", "anyOf", "oneOf"):
            value = [_portable_all(sub) for sub in value]
        out[key] = value
    return out


def describe(description: str | None = None, **keywords: Any) -> msgspec.Meta:
    """JSON Schema keywords (camelCase, as in the schema) for the OpenAPI document only."""
    schema = _portable_all({key: value for key, value in keywords.items() if value is not None})
    if description:
        schema["description"] = description
    return msgspec.Meta(extra_json_schema=schema)


def trimmed_pattern(low: int, high: int, char: str = TEXT_CHAR) -> str:
    """Matches strings whose trimmed length is `low..high` (white space around is ignored), made
    of `char`: `TEXT_CHAR` or a negated class such as `PRINTABLE`."""
    edge = "[^\\s" + char[2:] if char.startswith("[^") else r"\S"
    if high < 1:
        return r"^\s*$"
    inner = f"{edge}(?:{char}{{0,{high - 2}}}{edge})?" if high > 1 else edge
    if low >= 2:
        inner = f"{edge}{char}{{{low - 2},{high - 2}}}{edge}"
    optional = "?" if low == 0 else ""
    return f"^\\s*(?:{inner}){optional}\\s*$"


def text(
    low: int, high: int, description: str | None = None, char: str = TEXT_CHAR
) -> msgspec.Meta:
    """A text field of `low..high` characters after trimming."""
    told = f"{low} to {high} characters (surrounding white space is ignored)"
    if low == 0:
        told = f"at most {high} characters (surrounding white space is ignored)"
    return describe(
        f"{description}; {told}" if description else told,
        minLength=low or None,
        pattern=trimmed_pattern(low, high, char),
    )


def any_case(values: Iterable[str], description: str | None = None) -> msgspec.Meta:
    """One of `values` in any letter case, words joined by spaces, `_` or `-` (`lehanga-choli`,
    `PRICE_ASC`), white space around ignored: how `application.params` reads a choice."""
    names = list(values)

    def spelled(value: str) -> str:
        words = re.split(r"[\s_-]+", value)
        return r"[\s_-]+".join(
            "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else re.escape(c) for c in word)
            for word in words
        )

    told = f"one of {', '.join(names)}, in any letter case"
    return describe(
        f"{description}; {told}" if description else told,
        pattern=f"^\\s*(?:{'|'.join(spelled(v) for v in names)})\\s*$",
    )


def one_of(enum: type[StrEnum], description: str | None = None) -> msgspec.Meta:
    """Exactly one of the enumeration's values (the wire strings of contract §2)."""
    return describe(description, enum=[member.value for member in enum])


def phone(description: str | None = None) -> msgspec.Meta:
    """The syntax of `domain.phone`: only digits and separators, so many digits, so long."""
    low, high = phones.DIGITS
    chars = "[" + phones.SEPARATORS.replace("-", "\\-") + "]"
    told = (
        f"{low}-{high} digits; only digits, spaces and {' '.join(phones.SEPARATORS.strip())}; "
        f"at most {phones.MAX_LENGTH} characters"
    )
    return describe(
        f"{description}; {told}" if description else told,
        format="phone",  # a name for generators (Schemathesis lets a suite register one)
        allOf=[  # the length first: generators draw from it and filter by the digit count
            {"pattern": f"^\\s*[0-9{chars[1:-1]}]{{{low},{phones.MAX_LENGTH}}}\\s*$"},
            {"pattern": f"^\\s*{chars}*(?:[0-9]{chars}*){{{low},{high}}}\\s*$"},
        ],
    )


def email(description: str | None = None) -> msgspec.Meta:
    """An optional email: empty (or null) means none."""
    told = f"a valid email address of at most {EMAIL_MAX} characters, or empty for none"
    return describe(
        f"{description}; {told}" if description else told,
        allOf=[
            {"pattern": f"^\\s*(?:{EMAIL_SHAPE})?\\s*$"},
            {"pattern": trimmed_pattern(0, EMAIL_MAX)},
        ],
    )


# A real calendar date YYYY-MM-DD, years 0001-9999 (what `date.fromisoformat` reads in that
# shape): month lengths and leap years spelled out, so `2026-02-30` is refused by the schema too.
_YEAR = "(?:[0-9]{3}[1-9]|[0-9]{2}[1-9]0|[0-9][1-9]00|[1-9]000)"
_LEAP_YEAR = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
ISO_DATE = (
    f"(?:{_YEAR}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    "|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))"
    f"|{_LEAP_YEAR}-02-29)"
)


def calendar_date(description: str | None = None, *, blank: bool = False) -> msgspec.Meta:
    """A date `YYYY-MM-DD` (white space around ignored); `blank`: empty is allowed too."""
    told = "a date YYYY-MM-DD" + (", or empty" if blank else "")
    return describe(
        f"{description}; {told}" if description else told,
        pattern=f"^\\s*(?:{ISO_DATE}){'?' if blank else ''}\\s*$",
    )


def whole(low: int, high: int, description: str | None = None) -> msgspec.Meta:
    return describe(description, type="integer", minimum=low, maximum=high)


def entries(low: int, high: int | None = None, description: str | None = None) -> msgspec.Meta:
    return describe(description, minItems=low or None, maxItems=high)


def amount(low: Decimal, high: Decimal | None, description: str | None = None) -> msgspec.Meta:
    """An amount in PKR, a JSON number with at most 2 decimals."""
    top = float(high) if high is not None else None
    return describe(description, type="number", minimum=float(low), maximum=top, multipleOf=0.01)


# A price as the catalogue stores it: 0..1,000,000 PKR with at most 2 decimals.
Money = Annotated[Decimal, amount(Decimal(0), MAX_PRICE)]
# A sum of prices (an order's total, revenue).
Amount = Annotated[Decimal, amount(Decimal(0), None)]
# The price a customer was shown, compared after rounding half up to 2 decimals.
ClientPrice = Annotated[
    Decimal,
    describe(
        "The unit price the customer was shown (PKR); rounded to 2 decimals it must equal the "
        "current price, else 409",
        exclusiveMinimum=-0.005,
        exclusiveMaximum=float(MAX_PRICE) + 0.005,
    ),
]

# Names as responses carry them (contract §2).
CategoryName = Annotated[str, one_of(Category)]
SizeName = Annotated[str, one_of(Size)]
PaymentMethodName = Annotated[str, one_of(PaymentMethod)]
PaymentStatusName = Annotated[str, one_of(PaymentStatus)]
OrderStatusName = Annotated[str, one_of(OrderStatus)]
DeliveryStatusName = Annotated[str, one_of(DeliveryStatus)]
OrderNumber = Annotated[str, describe("BQ-YYYYMMDD-NNN", pattern="^BQ-[0-9]{8}-[0-9]{3,}$")]
