"""The owner's catalogue: list (drafts included), show, create, revise, deactivate, delete."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping
from typing import Any
from uuid import UUID

from beautique.domain.product import ImageHostPolicy, Product, ProductDraft

from .catalog import search_page
from .params import ProductFilters, parse_product_filters
from .ports import Clock, ProductRepository
from .product_writes import ImageCleanup, ProductWrites, load
from .queries import Page, ProductQuery


class ListAdminProducts:
    """Every product, drafts and deactivated ones included; `is_active` filters when given."""

    def __init__(self, products: ProductRepository) -> None:
        self._products = products

    @staticmethod
    def query(raw: ProductFilters) -> ProductQuery:
        return parse_product_filters(raw)

    async def __call__(self, query: ProductQuery) -> Page[Product]:
        return await search_page(self._products, query)


class ShowAdminProduct:
    """The owner sees any product, active or not."""

    def __init__(self, products: ProductRepository) -> None:
        self._products = products

    async def __call__(self, product_id: UUID) -> Product:
        return await load(self._products, product_id)


class CreateProduct:
    """A new product obeys every catalogue rule; it gets a fresh id and revision 1."""

    def __init__(self, products: ProductRepository, policy: ImageHostPolicy, clock: Clock) -> None:
        self._products, self._policy, self._clock = products, policy, clock

    async def __call__(self, draft: ProductDraft) -> Product:
        product = Product.create(
            draft, policy=self._policy, product_id=uuid.uuid4(), now=self._clock.now()
        )
        await self._products.add(product)
        return product


class ReviseProduct:
    """A partial update: fields not sent stay as they are; the merged product obeys every rule.

    Images the owner removed are deleted from our store once no product lists them."""

    def __init__(
        self,
        writes: ProductWrites,
        cleanup: ImageCleanup,
        policy: ImageHostPolicy,
        clock: Clock,
    ) -> None:
        self._writes, self._cleanup = writes, cleanup
        self._policy, self._clock = policy, clock

    async def __call__(
        self,
        product_id: UUID,
        changes: Mapping[str, Any],
        if_match: Collection[int] | None = None,
    ) -> Product:
        """`if_match`: the revisions the client allows the change on (None: whatever is stored)."""

        def change(product: Product) -> Product:
            return product.revise(changes, policy=self._policy, now=self._clock.now())

        if not changes:  # nothing sent, nothing changes (not even updated_at)
            return await self._writes.current(product_id, if_match)
        saved = await self._writes.apply(product_id, change, if_match=if_match)
        await self._cleanup.discard(set(saved.before.images) - set(saved.after.images))
        return saved.after


class DeactivateProduct:
    """Soft delete: the product leaves the shop but keeps everything, and can come back."""

    def __init__(self, writes: ProductWrites, clock: Clock) -> None:
        self._writes, self._clock = writes, clock

    async def __call__(self, product_id: UUID) -> Product:
        saved = await self._writes.apply(product_id, lambda p: p.deactivate(self._clock.now()))
        return saved.after


class DeleteProduct:
    """Permanent delete. Orders keep their own snapshots; our stored images of it go too."""

    def __init__(self, writes: ProductWrites, cleanup: ImageCleanup) -> None:
        self._writes, self._cleanup = writes, cleanup

    async def __call__(self, product_id: UUID) -> None:
        deleted = await self._writes.delete(product_id)
        await self._cleanup.discard(deleted.images)
