"""The public catalogue (read side): browse, product detail, categories with counts, bestsellers."""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from uuid import UUID

from beautique.domain.catalog import Category
from beautique.domain.errors import Problems
from beautique.domain.product import Product

from .errors import NotFound
from .params import (
    BESTSELLER_LIMITS,
    ProductFilters,
    parse_limit,
    parse_product_filters,
)
from .ports import ProductRepository
from .queries import Page, PageRequest, ProductQuery


async def search_page(products: ProductRepository, query: ProductQuery) -> Page[Product]:
    """One page of matches; a page far past any possible end is answered without OFFSET."""
    if not query.paging.is_far:
        return await products.search(query)
    counted = await products.search(dataclasses.replace(query, paging=PageRequest(1, 1)))
    return Page(items=[], total=counted.total, page=query.paging.page, limit=query.paging.limit)


# Shoppers repeat the same few filter combinations; parsing them is a good share of serving a
# cached page. Both types are frozen, so a parsed query is safely shared; a bad one raises and
# is not kept. Bounded: raw values are at most a URL long.
@functools.lru_cache(maxsize=256)
def public_query(raw: ProductFilters) -> ProductQuery:
    """The query of a public listing: `raw` parsed, active products only."""
    return dataclasses.replace(parse_product_filters(raw), is_active=True)


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
        return public_query(raw)

    async def __call__(self, query: ProductQuery) -> Page[Product]:
        if query.is_active is not True:  # `query()` already made it so; a copy costs each miss
            query = dataclasses.replace(query, is_active=True)
        return await search_page(self._products, query)


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
