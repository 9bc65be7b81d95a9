"""In-memory catalogue storage: the reference behaviour the SQL adapters must match."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import replace
from datetime import UTC
from typing import Any
from uuid import UUID

from beautique.application.errors import Conflict, StaleWrite
from beautique.application.queries import Page, ProductQuery, ProductSort
from beautique.domain.catalog import Category
from beautique.domain.product import Product


class InMemoryCatalogVersion:
    """A counter the in-memory repository bumps on every product write."""

    def __init__(self) -> None:
        self.value = 0

    def bump(self) -> None:
        self.value += 1

    async def current(self) -> int:
        return self.value


class InMemoryProductRepository:
    """Products in a dict, filtered and sorted exactly as the SQL adapters do it."""

    def __init__(self, version: InMemoryCatalogVersion) -> None:
        self._version = version
        self._products: dict[UUID, Product] = {}

    async def add(self, product: Product) -> None:
        if product.id in self._products:
            raise Conflict(f"Product {product.id} already exists")
        self._products[product.id] = _in_utc(product)
        self._version.bump()

    async def get(self, product_id: UUID) -> Product | None:
        return self._products.get(product_id)

    async def get_many(self, product_ids: Collection[UUID]) -> dict[UUID, Product]:
        return {pid: self._products[pid] for pid in set(product_ids) if pid in self._products}

    async def update(self, product: Product) -> bool:
        stored = self._products.get(product.id)
        if stored is None:
            return False
        if stored.version != product.version - 1:
            raise StaleWrite(f"Product {product.id} was changed meanwhile; reload and retry")
        # created_at never changes after the product is added, as in the SQL adapters.
        self._products[product.id] = _in_utc(replace(product, created_at=stored.created_at))
        self._version.bump()
        return True

    async def delete(self, product_id: UUID, *, version: int | None = None) -> bool:
        stored = self._products.get(product_id)
        if stored is None:
            return False
        if version is not None and stored.version != version:
            raise StaleWrite(f"Product {product_id} was changed meanwhile; reload and retry")
        del self._products[product_id]
        self._version.bump()
        return True

    async def image_urls_in_use(self, urls: Collection[str]) -> set[str]:
        wanted = set(urls)
        return {url for p in self._products.values() for url in p.images if url in wanted}

    async def search(self, query: ProductQuery) -> Page[Product]:
        found = [p for p in self._products.values() if _matches(p, query)]
        ordered = _sorted(found, query.sort)
        paging = query.paging
        items = ordered[paging.offset : paging.offset + paging.limit]
        return Page(items=items, total=len(found), page=paging.page, limit=paging.limit)

    async def count_active_by_category(self) -> dict[Category, int]:
        counts = dict.fromkeys(Category, 0)
        for product in self._products.values():
            if product.is_active:
                counts[product.category] += 1
        return counts

    async def count_all(self) -> int:
        return len(self._products)


def _in_utc(product: Product) -> Product:
    """Times come back in UTC from every backend, whatever offset they were written with."""
    return replace(
        product,
        created_at=product.created_at.astimezone(UTC),
        updated_at=product.updated_at.astimezone(UTC),
    )


def _matches(product: Product, query: ProductQuery) -> bool:
    price = product.effective_price
    checks = (
        query.category is None or product.category == query.category,
        query.is_active is None or product.is_active == query.is_active,
        query.is_bestseller is None or product.is_bestseller == query.is_bestseller,
        query.min_price is None or price >= query.min_price,
        query.max_price is None or price <= query.max_price,
        query.size is None or query.size in product.sizes,
        query.color is None or _has_color(product, query.color),
        query.search is None or _mentions(product, query.search),
    )
    return all(checks)


def _has_color(product: Product, color: str) -> bool:
    wanted = color.lower()
    return any(c.lower() == wanted for c in product.colors)


def _mentions(product: Product, text: str) -> bool:
    needle = text.lower()
    return needle in product.name.lower() or needle in product.description.lower()


# The primary key of each sort; ties always fall back to newest first, then id descending.
_SORT_KEYS: dict[ProductSort, tuple[Callable[[Product], Any], bool]] = {
    ProductSort.NEWEST: (lambda p: 0, False),
    ProductSort.PRICE_ASC: (lambda p: p.effective_price, False),
    ProductSort.PRICE_DESC: (lambda p: p.effective_price, True),
    ProductSort.NAME: (lambda p: p.name.lower(), False),
}


def _sorted(products: list[Product], sort: ProductSort) -> list[Product]:
    tie_broken = sorted(products, key=lambda p: (p.created_at, p.id), reverse=True)
    key, reverse = _SORT_KEYS[sort]
    return sorted(tie_broken, key=key, reverse=reverse)  # stable: keeps the tie order
