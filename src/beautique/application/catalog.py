"""The public catalogue (read side): browse, product detail, categories with counts, bestsellers.

Query parameters arrive as raw strings and are parsed here, so that every bad parameter of one
request is reported at once in a single RuleViolation (a typed framework parser stops at the first).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from uuid import UUID

from beautique.domain.catalog import Category, Size
from beautique.domain.errors import Problems
from beautique.domain.money import has_at_most_two_decimals, to_money
from beautique.domain.product import Product

from .errors import NotFound
from .ports import ProductRepository
from .queries import Page, PageRequest, ProductQuery, ProductSort

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
# No page past this offset can hold items; answering it without OFFSET keeps a huge `page`
# from overflowing the database's integer and still gives the contract's empty page.
_FAR_OFFSET = 10**9
_DIGITS = re.compile(r"[0-9]{1,18}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # Postgres refuses NUL; none belongs in a search


@dataclass(frozen=True, slots=True)
class ProductFilters:
    """Catalogue query parameters exactly as a client sent them (None or "" when absent)."""

    category: str | None = None
    search: str | None = None
    min_price: str | None = None
    max_price: str | None = None
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


def _whole(problems: Problems, field: str, raw: str | None, low: int, high: int | None) -> int:
    if raw is None:
        return low
    if not _DIGITS.fullmatch(raw):
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


def parse_product_filters(raw: ProductFilters, limits: Limits = LIST_LIMITS) -> ProductQuery:
    """Raw parameters as a ProductQuery (is_active None = any), or RuleViolation naming every bad one."""
    given = {f.name: _given(getattr(raw, f.name)) for f in dataclasses.fields(raw)}
    problems = Problems()
    category = _choice(problems, "category", given["category"], [c.value for c in Category])
    size = _choice(problems, "size", given["size"], [s.value for s in Size])
    sort = _choice(problems, "sort", given["sort"], [s.value for s in ProductSort])
    min_price = _price(problems, "min_price", given["min_price"])
    max_price = _price(problems, "max_price", given["max_price"])
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
            page=_whole(problems, "page", given["page"], 1, None),
            limit=parse_limit(problems, given["limit"], limits),
        ),
    )
    problems.raise_if_any()
    return query


def parse_limit(problems: Problems, raw: str | None, limits: Limits) -> int:
    if _given(raw) is None:
        return limits.default
    return _whole(problems, "limit", _given(raw), limits.low, limits.high)


async def search_page(products: ProductRepository, query: ProductQuery) -> Page[Product]:
    """One page of matches; a page far past any possible end is answered without OFFSET."""
    if query.paging.offset <= _FAR_OFFSET:
        return await products.search(query)
    counted = await products.search(dataclasses.replace(query, paging=PageRequest(1, 1)))
    return Page(items=[], total=counted.total, page=query.paging.page, limit=query.paging.limit)


def product_id_from(text: str) -> UUID:
    """The id in a public product URL; anything that is not a UUID names no product."""
    try:
        if len(text) <= 64:  # UUID() accepts braces and a urn: prefix, nothing longer
            return UUID(text)
    except ValueError:
        pass
    raise NotFound("Product not found")


class BrowseCatalog:
    """Shoppers see active products only, whatever filters they send."""

    def __init__(self, products: ProductRepository) -> None:
        self._products = products

    def query(self, raw: ProductFilters) -> ProductQuery:
        return dataclasses.replace(parse_product_filters(raw), is_active=True)

    async def __call__(self, query: ProductQuery) -> Page[Product]:
        return await search_page(self._products, dataclasses.replace(query, is_active=True))


class ShowProduct:
    """A shopper sees an active product; an unknown or inactive one is simply not found."""

    def __init__(self, products: ProductRepository) -> None:
        self._products = products

    async def __call__(self, product_id: UUID) -> Product:
        product = await self._products.get(product_id)
        if product is None or not product.is_active:
            raise NotFound("Product not found")
        return product


@dataclass(frozen=True, slots=True)
class CategoryCount:
    category: Category
    count: int


class ListCategories:
    """Every category, in the store's fixed order, with how many active products it holds."""

    def __init__(self, products: ProductRepository) -> None:
        self._products = products

    async def __call__(self) -> list[CategoryCount]:
        counts = await self._products.count_active_by_category()
        return [CategoryCount(category, counts.get(category, 0)) for category in Category]


class ListBestsellers:
    """The active bestsellers, newest first, at most 20 at a time."""

    def __init__(self, products: ProductRepository) -> None:
        self._products = products

    @staticmethod
    def limit(raw: str | None) -> int:
        problems = Problems()
        limit = parse_limit(problems, raw, BESTSELLER_LIMITS)
        problems.raise_if_any()
        return limit

    async def __call__(self, limit: int) -> list[Product]:
        query = ProductQuery(is_bestseller=True, is_active=True, paging=PageRequest(1, limit))
        return list((await self._products.search(query)).items)
