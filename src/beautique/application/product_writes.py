"""How every admin write of a product is saved: compare-and-set, re-applied when someone else won.

A change is a function of the product as it stands. It is applied to a freshly read product and
saved only if nobody saved another revision meanwhile; if somebody did, the same change is applied
again to what they saved, a bounded number of times. So two admins editing different fields, or
eight photos uploaded at once, all land. A request that names the revision it was made against
(If-Match) is not re-applied: the client asked for that revision, so a newer one is a 412.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable, Collection
from dataclasses import dataclass
from uuid import UUID

from beautique.domain.product import Product

from .errors import Conflict, ImageStoreFailed, NotFound, PreconditionFailed, StaleWrite
from .ports import ImageStore, ProductRepository

log = logging.getLogger("beautique.products")

MAX_ATTEMPTS = 10
PRODUCT_NOT_FOUND = "Product not found"
STALE_IF_MATCH = "The product changed since you loaded it (If-Match no longer matches); reload it"


@dataclass(frozen=True, slots=True)
class Saved:
    before: Product
    after: Product


async def load(products: ProductRepository, product_id: UUID) -> Product:
    product = await products.get(product_id)
    if product is None:
        raise NotFound(PRODUCT_NOT_FOUND)
    return product


async def _pause(attempt: int) -> None:
    """A short random pause, so writers that collided do not collide again in lockstep."""
    await asyncio.sleep(random.uniform(0, 0.004 * (attempt + 1)))  # noqa: S311 - not security


class ProductWrites:
    """Read → change → compare-and-set save; on a lost race, read again and re-apply."""

    def __init__(self, products: ProductRepository, attempts: int = MAX_ATTEMPTS) -> None:
        self._products, self._attempts = products, attempts

    async def current(self, product_id: UUID, if_match: Collection[int] | None = None) -> Product:
        """The product as stored; with `if_match`, only if it is one of those revisions."""
        product = await load(self._products, product_id)
        if if_match is not None and product.version not in if_match:
            raise PreconditionFailed(STALE_IF_MATCH)
        return product

    async def apply(
        self,
        product_id: UUID,
        change: Callable[[Product], Product],
        *,
        if_match: Collection[int] | None = None,
    ) -> Saved:
        for attempt in range(self._attempts):
            before = await self.current(product_id, if_match)
            after = change(before)
            try:
                if not await self._products.update(after):
                    raise NotFound(PRODUCT_NOT_FOUND)
            except StaleWrite:
                if if_match is not None:
                    raise PreconditionFailed(STALE_IF_MATCH) from None
                await _pause(attempt)
                continue
            return Saved(before, after)
        raise Conflict("The product is being changed by someone else right now; please retry")

    async def delete(self, product_id: UUID) -> Product:
        """Remove the revision that was read, so images added meanwhile are not forgotten."""
        for attempt in range(self._attempts):
            product = await load(self._products, product_id)
            try:
                if not await self._products.delete(product_id, version=product.version):
                    raise NotFound(PRODUCT_NOT_FOUND)
            except StaleWrite:
                await _pause(attempt)
                continue
            return product
        raise Conflict("The product is being changed by someone else right now; please retry")


class ImageCleanup:
    """Deletes images our store holds once no product lists them (local files are named by their
    content, so two products may share one). Images from elsewhere are never touched."""

    def __init__(self, products: ProductRepository, store: ImageStore) -> None:
        self._products, self._store = products, store

    async def discard(self, urls: Collection[str]) -> None:
        owned = {url for url in urls if self._store.owns(url)}
        if not owned:
            return
        for url in sorted(owned - await self._products.image_urls_in_use(owned)):
            try:
                await self._store.delete(url)
            except ImageStoreFailed as exc:  # the product is already right; say what is left over
                log.warning("could not delete image %s: %s", url, exc.message)
