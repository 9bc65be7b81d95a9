"""Checkout rules: what a customer must tell us, and how cart lines become priced order lines.

Prices always come from the catalogue. A client may send the price it showed the customer;
if that differs from the current price the order is refused (PriceChanged), because the
customer pays the amount shown by manual transfer and a silent re-price would be a wrong sum.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from .catalog import Size
from .errors import PriceChanged, Problems
from .money import is_price, to_money
from .order import OrderLine
from .phone import phone_problem
from .product import Product
from .text import control_problem

MAX_LINES = 20
MAX_QUANTITY = 10
DEFAULT_COUNTRY = "Pakistan"
# Lengths (after trimming) of the customer's details; the HTTP schema publishes these numbers.
NAME_LENGTH = (3, 100)
ADDRESS_LENGTH = (10, 500)
CITY_LENGTH = (2, 100)
COUNTRY_MAX = 100
NOTES_MAX = 500
EMAIL_MAX = 254
EMAIL_SHAPE = r"[^@\s]+@[^@\s]+\.[^@\s]+"
_EMAIL = re.compile(EMAIL_SHAPE)


@dataclass(frozen=True, slots=True)
class ContactDetails:
    """The customer's details as sent (already trimmed), before checks."""

    customer_name: str
    phone: str
    whatsapp: str
    email: str | None
    address: str
    city: str
    country: str | None
    notes: str | None


@dataclass(frozen=True, slots=True)
class LineRequest:
    """One cart line as sent. `index` is its position in the request, for error paths."""

    index: int
    product_id: UUID
    size: str
    color: str
    quantity: int
    price: Decimal | None = None


MULTI_LINE_FIELDS = ("address", "notes")


def check_contact(problems: Problems, contact: ContactDetails) -> None:
    _no_control_characters(problems, contact)
    _length(problems, "customer_name", contact.customer_name, *NAME_LENGTH)
    for field in ("phone", "whatsapp"):
        if (problem := phone_problem(getattr(contact, field))) is not None:
            problems.add(field, problem)
    if contact.email and (len(contact.email) > EMAIL_MAX or not _EMAIL.fullmatch(contact.email)):
        problems.add("email", f"must be a valid email address of at most {EMAIL_MAX} characters")
    _length(problems, "address", contact.address, *ADDRESS_LENGTH)
    _length(problems, "city", contact.city, *CITY_LENGTH)
    if contact.country and len(contact.country) > COUNTRY_MAX:
        problems.add("country", f"must be at most {COUNTRY_MAX} characters")
    if contact.notes and len(contact.notes) > NOTES_MAX:
        problems.add("notes", f"must be at most {NOTES_MAX} characters")


def _no_control_characters(problems: Problems, contact: ContactDetails) -> None:
    for field in dataclasses.fields(contact):
        value = getattr(contact, field.name)
        multiline = field.name in MULTI_LINE_FIELDS
        if value and (problem := control_problem(value, multiline=multiline)):
            problems.add(field.name, problem)


def check_line_shapes(problems: Problems, lines: Sequence[LineRequest]) -> None:
    if not 1 <= len(lines) <= MAX_LINES:
        problems.add("items", f"must have 1 to {MAX_LINES} lines")
    for line in lines:
        if not 1 <= line.quantity <= MAX_QUANTITY:
            problems.add(f"items.{line.index}.quantity", f"must be 1 to {MAX_QUANTITY}")
        if line.price is not None and not is_price(line.price):
            problems.add(f"items.{line.index}.price", "must be an amount from 0 to 1,000,000")


def price_lines(
    lines: Sequence[LineRequest], catalogue: Mapping[UUID, Product]
) -> tuple[OrderLine, ...]:
    """Priced snapshot lines, identical (product, size, colour) lines merged.

    Raises RuleViolation naming each bad line, or PriceChanged for a stale client price.
    """
    problems = Problems()
    for line in lines:
        _check_offer(problems, line, catalogue.get(line.product_id))
    problems.raise_if_any()
    for line in lines:
        _check_price(line, catalogue[line.product_id])
    merged = _merge(lines, catalogue)
    for first_index, order_line in merged:
        if order_line.quantity > MAX_QUANTITY:
            problems.add(
                f"items.{first_index}.quantity",
                f"at most {MAX_QUANTITY} of one product, size and colour",
            )
    problems.raise_if_any()
    return tuple(order_line for _, order_line in merged)


def _check_offer(problems: Problems, line: LineRequest, product: Product | None) -> None:
    where = f"items.{line.index}"
    if product is None or not product.is_active:
        problems.add(f"{where}.product_id", "product not found or no longer available")
        return
    if not product.has_size(line.size):
        offered = ", ".join(s.value for s in product.sizes)
        problems.add(f"{where}.size", f"{product.name} comes in {offered}, not {line.size!r}")
    if not product.has_color(line.color):
        offered = ", ".join(product.colors)
        problems.add(f"{where}.color", f"{product.name} comes in {offered}, not {line.color!r}")


def _check_price(line: LineRequest, product: Product) -> None:
    if line.price is None:
        return
    shown, current = to_money(line.price), to_money(product.effective_price)
    if shown != current:
        raise PriceChanged(
            f"The price of {product.name} changed from {_pkr(shown)} to {_pkr(current)}; "
            "please review your cart"
        )


def _merge(
    lines: Sequence[LineRequest], catalogue: Mapping[UUID, Product]
) -> list[tuple[int, OrderLine]]:
    merged: dict[tuple[UUID, Size, str], tuple[int, OrderLine]] = {}
    for line in lines:
        product = catalogue[line.product_id]
        size = Size.parse(line.size)
        assert size is not None  # checked by _check_offer
        color = next(c for c in product.colors if c.casefold() == line.color.casefold())
        key = (product.id, size, color)
        if key in merged:
            index, existing = merged[key]
            merged[key] = (index, _with_quantity(existing, existing.quantity + line.quantity))
        else:
            merged[key] = (line.index, _snapshot(product, size, color, line.quantity))
    return list(merged.values())


def _snapshot(product: Product, size: Size, color: str, quantity: int) -> OrderLine:
    return OrderLine(
        product_id=product.id,
        name=product.name,
        size=size,
        color=color,
        quantity=quantity,
        unit_price=to_money(product.effective_price),
        image=product.images[0] if product.images else None,
    )


def _with_quantity(line: OrderLine, quantity: int) -> OrderLine:
    return OrderLine(
        line.product_id, line.name, line.size, line.color, quantity, line.unit_price, line.image
    )


def _length(problems: Problems, field: str, value: str, low: int, high: int) -> None:
    if not low <= len(value) <= high:
        problems.add(field, f"must be {low} to {high} characters")


def _pkr(amount: Decimal) -> str:
    text = f"{amount:,.2f}".removesuffix(".00")
    return f"PKR {text}"
