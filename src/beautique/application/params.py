"""Query-string parameters, parsed in one place for every listing (catalogue and admin).

Parameters arrive as raw strings (None or "" when absent) and are parsed here, so that every bad
parameter of one request is reported at once in a single RuleViolation: a typed framework parser
stops at the first. Enumerations are parsed strictly, so a bad filter is a 422, never an empty page.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import TypeVar

from beautique.domain.catalog import Category, Size
from beautique.domain.errors import Problems
from beautique.domain.money import has_at_most_two_decimals, to_money
from beautique.domain.order_status import (
    DeliveryStatus,
    OrderStatus,
    PaymentMethod,
    PaymentStatus,
)

from .queries import OrderQuery, PageRequest, ProductQuery, ProductSort

E = TypeVar("E", bound=StrEnum)

MAX_SEARCH = 100
MAX_COLOR = 50
MAX_PRICE_FILTER = Decimal("1000000000")


@dataclass(frozen=True, slots=True)
class Limits:
    """The allowed and default page size of one listing."""

    low: int
    high: int
    default: int


LIST_LIMITS = Limits(1, 50, 20)
BESTSELLER_LIMITS = Limits(1, 20, 10)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DIGITS = re.compile(r"[0-9]{1,18}")
# Any page number is allowed (a page past the end is empty); the bound of 100 digits only keeps
# absurd strings from costing a big-number conversion.
MAX_PAGE = 10**100 - 1
_PAGE_DIGITS = re.compile(rf"[0-9]{{1,{len(str(MAX_PAGE))}}}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # Postgres refuses NUL; none belongs in a search


@dataclass(frozen=True, slots=True)
class ProductFilters:
    """Catalogue query parameters exactly as a client sent them (None or "" when absent)."""

    category: str | None = None
    search: str | None = None
    min_price: str | None = None
    max_price: str | None = None
    # `minPrice`/`maxPrice`: checked like the others; when both spellings are sent, snake_case wins.
    min_price_alias: str | None = None
    max_price_alias: str | None = None
    size: str | None = None
    color: str | None = None
    is_bestseller: str | None = None
    is_active: str | None = None
    sort: str | None = None
    page: str | None = None
    limit: str | None = None


def _given(raw: str | None) -> str | None:
    """A parameter sent empty (`?category=`) counts as absent: forms often send every field."""
    text = (raw or "").strip()
    return text or None


def _whole(
    problems: Problems,
    field: str,
    raw: str | None,
    low: int,
    high: int | None,
    digits: re.Pattern[str] = _DIGITS,
) -> int:
    if raw is None:
        return low
    if not digits.fullmatch(raw):
        problems.add(field, "must be a whole number")
        return low
    value = int(raw)
    if value < low:
        problems.add(field, f"must be at least {low}")
    elif high is not None and value > high:
        problems.add(field, f"must be at most {high}")
    return value


def _price(problems: Problems, field: str, raw: str | None) -> Decimal | None:
    if raw is None:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or not Decimal(0) <= value <= MAX_PRICE_FILTER:
        problems.add(field, f"must be a number from 0 to {MAX_PRICE_FILTER:,}")
        return None
    if not has_at_most_two_decimals(value):
        problems.add(field, "must have at most 2 decimal places")
        return None
    return to_money(value).copy_abs()  # lossless here (and -0 is 0); bounds the exponent to bind


def _either(first: Decimal | None, second: Decimal | None) -> Decimal | None:
    return first if first is not None else second


def _boolean(problems: Problems, field: str, raw: str | None) -> bool | None:
    if raw is None:
        return None
    if raw.lower() not in ("true", "false"):
        problems.add(field, "must be true or false")
        return None
    return raw.lower() == "true"


def _text(problems: Problems, field: str, raw: str | None, limit: int) -> str | None:
    if raw is not None and len(raw) > limit:
        problems.add(field, f"must be at most {limit} characters")
        return None
    if raw is not None and _CONTROL.search(raw):
        problems.add(field, "must not contain control characters")
        return None
    return raw


def _choice(problems: Problems, field: str, raw: str | None, allowed: list[str]) -> str | None:
    """The canonical spelling of `raw` among `allowed` (any case, slug or label)."""
    if raw is None:
        return None
    wanted = re.sub(r"[\s_-]+", " ", raw).lower()
    match = next((a for a in allowed if re.sub(r"[\s_-]+", " ", a).lower() == wanted), None)
    if match is None:
        problems.add(field, f"must be one of {', '.join(allowed)}")
    return match


def _enum(problems: Problems, field: str, raw: str | None, enum: type[E]) -> E | None:
    """A member of `enum` by its value, in any case and with `-`/`_` for spaces."""
    match = _choice(problems, field, raw, [member.value for member in enum])
    return None if match is None else enum(match)


def _date(problems: Problems, field: str, raw: str | None) -> date | None:
    if raw is None:
        return None
    try:
        if _ISO_DATE.fullmatch(raw):  # fromisoformat also takes 20261121 and week dates
            return date.fromisoformat(raw)
    except ValueError:  # 2026-02-30
        pass
    problems.add(field, "must be a date YYYY-MM-DD")
    return None


def parse_product_filters(raw: ProductFilters, limits: Limits = LIST_LIMITS) -> ProductQuery:
    """Raw parameters as a ProductQuery (is_active None = any), or RuleViolation naming every bad one."""
    given = {f.name: _given(getattr(raw, f.name)) for f in dataclasses.fields(raw)}
    problems = Problems()
    category = _choice(problems, "category", given["category"], [c.value for c in Category])
    size = _choice(problems, "size", given["size"], [s.value for s in Size])
    sort = _choice(problems, "sort", given["sort"], [s.value for s in ProductSort])
    min_alias = _price(problems, "minPrice", given["min_price_alias"])
    max_alias = _price(problems, "maxPrice", given["max_price_alias"])
    min_price = _either(_price(problems, "min_price", given["min_price"]), min_alias)
    max_price = _either(_price(problems, "max_price", given["max_price"]), max_alias)
    if min_price is not None and max_price is not None and min_price > max_price:
        problems.add("min_price", "must not be greater than max_price")
    query = ProductQuery(
        category=Category(category) if category else None,
        search=_text(problems, "search", given["search"], MAX_SEARCH),
        min_price=min_price,
        max_price=max_price,
        size=Size(size) if size else None,
        color=_text(problems, "color", given["color"], MAX_COLOR),
        is_bestseller=_boolean(problems, "is_bestseller", given["is_bestseller"]),
        is_active=_boolean(problems, "is_active", given["is_active"]),
        sort=ProductSort(sort) if sort else ProductSort.NEWEST,
        paging=PageRequest(
            page=_whole(problems, "page", given["page"], 1, None, _PAGE_DIGITS),
            limit=parse_limit(problems, given["limit"], limits),
        ),
    )
    problems.raise_if_any()
    return query


def parse_limit(problems: Problems, raw: str | None, limits: Limits) -> int:
    if _given(raw) is None:
        return limits.default
    return _whole(problems, "limit", _given(raw), limits.low, limits.high)


@dataclass(frozen=True, slots=True)
class OrderFilters:
    """Admin order-list query parameters exactly as a client sent them (None or "" when absent)."""

    payment_status: str | None = None
    order_status: str | None = None
    delivery_status: str | None = None
    payment_method: str | None = None
    search: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    page: str | None = None
    limit: str | None = None


def parse_order_filters(raw: OrderFilters, limits: Limits = LIST_LIMITS) -> OrderQuery:
    """Raw parameters as an OrderQuery, or RuleViolation naming every bad one."""
    given = {f.name: _given(getattr(raw, f.name)) for f in dataclasses.fields(raw)}
    problems = Problems()
    start = _date(problems, "start_date", given["start_date"])
    end = _date(problems, "end_date", given["end_date"])
    if start is not None and end is not None and start > end:
        problems.add("start_date", "must not be after end_date")
    query = OrderQuery(
        payment_status=_enum(problems, "payment_status", given["payment_status"], PaymentStatus),
        order_status=_enum(problems, "order_status", given["order_status"], OrderStatus),
        delivery_status=_enum(
            problems, "delivery_status", given["delivery_status"], DeliveryStatus
        ),
        payment_method=_enum(problems, "payment_method", given["payment_method"], PaymentMethod),
        search=_text(problems, "search", given["search"], MAX_SEARCH),
        start_date=start,
        end_date=end,
        paging=PageRequest(
            page=_whole(problems, "page", given["page"], 1, None, _PAGE_DIGITS),
            limit=parse_limit(problems, given["limit"], limits),
        ),
    )
    problems.raise_if_any()
    return query
