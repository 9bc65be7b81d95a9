"""Plain query and page shapes shared by use cases and storage adapters."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Generic, TypeVar

from beautique.domain.catalog import Category, Size
from beautique.domain.order_status import (
    DeliveryStatus,
    OrderStatus,
    PaymentMethod,
    PaymentStatus,
)
from beautique.domain.phone import ALLOWED, digits_of

T = TypeVar("T")

# No listing holds this many rows. Offsets are capped here, so a huge `page` can never overflow
# the database's integer: the page is empty either way (contract §1: a page past the end).
FAR_OFFSET = 10**9


class ProductSort(StrEnum):
    NEWEST = "newest"
    PRICE_ASC = "price_asc"
    PRICE_DESC = "price_desc"
    NAME = "name"


@dataclass(frozen=True, slots=True)
class PageRequest:
    page: int = 1
    limit: int = 20

    @property
    def offset(self) -> int:
        """Rows to skip, capped at FAR_OFFSET (past any possible end)."""
        return min((self.page - 1) * self.limit, FAR_OFFSET)

    @property
    def is_far(self) -> bool:
        """True for a page that starts past any possible end (it can only be empty)."""
        return (self.page - 1) * self.limit >= FAR_OFFSET


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: Sequence[T]
    total: int
    page: int
    limit: int

    @property
    def total_pages(self) -> int:
        return max(1, math.ceil(self.total / self.limit))


@dataclass(frozen=True, slots=True)
class ProductQuery:
    """Catalogue filters. `is_active=None` means any (admin); public reads force True.

    `search` matches name or description case-insensitively as a literal substring;
    `color` matches a colour case-insensitively; prices compare with the effective price.
    Ties in every sort break by `created_at DESC, id DESC` so paging is stable.
    """

    category: Category | None = None
    search: str | None = None
    min_price: Decimal | None = None
    max_price: Decimal | None = None
    size: Size | None = None
    color: str | None = None
    is_bestseller: bool | None = None
    is_active: bool | None = True
    sort: ProductSort = ProductSort.NEWEST
    paging: PageRequest = PageRequest()


MIN_PHONE_DIGITS = 4  # "-001" looks for order 001, not for every phone with a 1 in it


@dataclass(frozen=True, slots=True)
class OrderSearch:
    """One admin search text, read three ways: order id (upper case), customer name (casefolded),
    and phone digits ("" unless the text looks like a phone).

    The phone digits are matched against the stored E.164 number without their leading zeros
    (the national trunk `0` of `0300 …`, the international `00` of `0092 …`), so `03001234567`,
    `3001234567` and `+92 300 1234567` all find the order placed as `0300 1234567`.
    """

    upper: str
    folded: str
    digits: str


@dataclass(frozen=True, slots=True)
class OrderQuery:
    """Admin order filters; newest first. `start_date`/`end_date` bound `order_date` inclusively."""

    payment_status: PaymentStatus | None = None
    order_status: OrderStatus | None = None
    delivery_status: DeliveryStatus | None = None
    payment_method: PaymentMethod | None = None
    search: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    paging: PageRequest = PageRequest()

    @property
    def search_terms(self) -> OrderSearch | None:
        text = (self.search or "").strip()
        if not text:
            return None
        digits = digits_of(text) if ALLOWED.match(text) else ""
        phone = digits.lstrip("0") if len(digits) >= MIN_PHONE_DIGITS else ""
        return OrderSearch(upper=text.upper(), folded=text.casefold(), digits=phone)
