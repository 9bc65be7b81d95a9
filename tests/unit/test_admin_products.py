"""The owner's catalogue use cases over in-memory storage and the real image adapters (on tmp disk).

Races are staged with `RacingProducts`, the memory repository in which another admin saves a
change just before ours: the deterministic form of two requests interleaving.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest

from beautique.adapters.clock import SystemClock
from beautique.adapters.images.local import LocalDiskImageStore
from beautique.adapters.images.pillow import PillowImageProcessor
from beautique.application.admin_products import (
    CreateProduct,
    DeleteProduct,
    ListAdminProducts,
    ReviseProduct,
)
from beautique.application.errors import (
    Conflict,
    ImageStoreFailed,
    NotFound,
    PreconditionFailed,
)
from beautique.application.images import IncomingFile, PreparedImage
from beautique.application.params import ProductFilters
from beautique.application.product_images import AddProductImages
from beautique.application.product_writes import ImageCleanup, ProductWrites
from beautique.container import memory_storage
from beautique.domain.errors import RuleViolation
from beautique.domain.product import ImageHostPolicy, Product, ProductDraft
from tests.product_builders import CLOUDINARY_IMAGE, image_bytes

MEDIA = "http://127.0.0.1:8000/media/"
POLICY = ImageHostPolicy(frozenset({"res.cloudinary.com"}), own_media=MEDIA)


class RacingProducts:
    """The memory repository; before our first save, a rival admin saves `rival(current)`."""

    def __init__(self, inner: Any, rival: Callable[[Product], Product], times: int = 1) -> None:
        self._inner, self._rival, self._times = inner, rival, times

    async def update(self, product: Product) -> bool:
        if self._times > 0:
            self._times -= 1
            current = await self._inner.get(product.id)
            await self._inner.update(self._rival(current))
        result: bool = await self._inner.update(product)
        return result

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class FailingStore:
    """The local store, failing on its `fail_on`-th save as a remote store can."""

    def __init__(self, inner: LocalDiskImageStore, fail_on: int) -> None:
        self._inner, self._fail_on, self.saves = inner, fail_on, 0

    async def save(self, image: PreparedImage) -> str:
        self.saves += 1
        if self.saves == self._fail_on:
            raise ImageStoreFailed("The image store failed to upload an image: quota exceeded")
        return await self._inner.save(image)

    def owns(self, url: str) -> bool:
        return self._inner.owns(url)

    async def delete(self, url: str) -> None:
        await self._inner.delete(url)


def renamed(product: Product) -> Product:
    return product.revise({"name": "Silk Maxi - Ruby"}, policy=POLICY, now=product.updated_at)


def toggled(product: Product) -> Product:
    changes = {"is_bestseller": not product.is_bestseller}
    return product.revise(changes, policy=POLICY, now=product.updated_at)


def draft(**changes: Any) -> ProductDraft:
    fields: dict[str, Any] = {
        "name": "Silk Maxi - Red",
        "category": "Maxi",
        "description": "A flowing silk maxi for festive evenings.",
        "regular_price": Decimal("5500"),
        "images": [CLOUDINARY_IMAGE],
        "sizes": ["S", "M"],
        "colors": ["Red"],
    }
    return ProductDraft(**{**fields, **changes})


async def created(products: Any, **changes: Any) -> Product:
    return await CreateProduct(products, POLICY, SystemClock())(draft(**changes))


def revise_with(products: Any, store: Any = None) -> ReviseProduct:
    cleanup = ImageCleanup(products, store or LocalDiskImageStore(Path("/nonexistent"), MEDIA))
    return ReviseProduct(ProductWrites(products), cleanup, POLICY, SystemClock())


def files(*blobs: bytes) -> list[IncomingFile]:
    return [IncomingFile(f"images.{i}", len(b), io.BytesIO(b)) for i, b in enumerate(blobs)]


def uploader(products: Any, store: Any, max_bytes: int = 5_000_000) -> AddProductImages:
    return AddProductImages(
        ProductWrites(products),
        PillowImageProcessor(max_pixels=50_000_000),
        store,
        ImageCleanup(products, store),
        POLICY,
        SystemClock(),
        max_bytes,
    )


async def test_two_admins_changing_different_fields_both_keep_their_change() -> None:
    products = memory_storage().products
    product = await created(products)
    rival = renamed
    racing = RacingProducts(products, rival)
    saved = await revise_with(racing)(product.id, {"sale_price": Decimal("4950")})
    got = await products.get(product.id)
    assert (got.name, got.sale_price, got.version) == ("Silk Maxi - Ruby", Decimal("4950"), 3)
    assert saved == got


async def test_with_if_match_a_change_meanwhile_is_a_precondition_failure() -> None:
    products = memory_storage().products
    product = await created(products)
    rival = renamed
    with pytest.raises(PreconditionFailed):
        await revise_with(RacingProducts(products, rival))(
            product.id, {"sale_price": Decimal("4950")}, if_match={product.version}
        )
    assert (await products.get(product.id)).sale_price is None
    with pytest.raises(PreconditionFailed):  # and a revision that is already gone
        await revise_with(products)(product.id, {"name": "Anything"}, if_match={1})


async def test_a_product_that_keeps_changing_ends_in_409_not_a_lost_write() -> None:
    products = memory_storage().products
    product = await created(products)
    rival = toggled
    with pytest.raises(Conflict):
        await revise_with(RacingProducts(products, rival, times=100))(product.id, {"name": "Mine"})
    assert (await products.get(product.id)).name == "Silk Maxi - Red"


async def test_nulls_for_required_fields_are_named_with_every_other_problem() -> None:
    products = memory_storage().products
    product = await created(products)
    with pytest.raises(RuleViolation) as caught:
        await revise_with(products)(product.id, {"name": None, "colors": None, "description": "x"})
    assert caught.value.errors == {
        "colors": ["must not be null"],
        "name": ["must not be null"],
        "description": ["must be 10 to 2000 characters"],
    }


async def test_an_empty_change_changes_nothing() -> None:
    products = memory_storage().products
    product = await created(products)
    assert await revise_with(products)(product.id, {}) == product
    with pytest.raises(NotFound):
        await revise_with(products)(uuid4(), {})


async def test_admin_listing_filters_by_activity_only_when_asked() -> None:
    products = memory_storage().products
    await created(products, name="Active one")
    await created(products, name="Draft one", is_active=False, images=[])
    listing = ListAdminProducts(products)

    def names(page: Any) -> list[str]:
        return sorted(p.name for p in page.items)

    assert names(await listing(listing.query(ProductFilters()))) == ["Active one", "Draft one"]
    drafts = await listing(listing.query(ProductFilters(is_active="false")))
    assert names(drafts) == ["Draft one"]


async def test_images_added_concurrently_with_another_upload_all_land(tmp_path: Path) -> None:
    products = memory_storage().products
    product = await created(products)
    rival_url = CLOUDINARY_IMAGE + "?rival"

    def rival(product: Product) -> Product:
        return product.with_images([rival_url], policy=POLICY, now=product.updated_at)

    store = LocalDiskImageStore(tmp_path, MEDIA)
    added = await uploader(RacingProducts(products, rival), store)(
        product.id, files(image_bytes("PNG"), image_bytes("JPEG"))
    )
    got = await products.get(product.id)
    assert got.images == (CLOUDINARY_IMAGE, rival_url, *added.urls)
    assert len(list(tmp_path.iterdir())) == 2


async def test_a_store_failure_midway_deletes_what_was_stored(tmp_path: Path) -> None:
    products = memory_storage().products
    product = await created(products)
    store = FailingStore(LocalDiskImageStore(tmp_path, MEDIA), fail_on=3)
    blobs = [image_bytes("PNG", color=(i, 0, 0)) for i in range(4)]
    with pytest.raises(ImageStoreFailed):
        await uploader(products, store)(product.id, files(*blobs))
    assert store.saves == 3
    assert list(tmp_path.iterdir()) == []
    assert await products.get(product.id) == product


async def test_a_product_write_failing_after_storing_deletes_the_files(tmp_path: Path) -> None:
    products = memory_storage().products
    product = await created(products)
    store = LocalDiskImageStore(tmp_path, MEDIA)

    class Vanishing(RacingProducts):  # the product is deleted while the files upload
        async def update(self, changed: Product) -> bool:
            await products.delete(changed.id)
            return await products.update(changed)

    with pytest.raises(NotFound):
        await uploader(Vanishing(products, lambda p: p), store)(product.id, files(image_bytes()))
    assert list(tmp_path.iterdir()) == []


async def test_permanent_delete_keeps_a_file_another_product_still_shows(tmp_path: Path) -> None:
    products = memory_storage().products
    store = LocalDiskImageStore(tmp_path, MEDIA)
    first, second = await created(products), await created(products, name="Lawn Kurta")
    photo = image_bytes("PNG")
    for product in (first, second):  # the same photo twice: one file, named by its content
        await uploader(products, store)(product.id, files(photo))
    assert len(list(tmp_path.iterdir())) == 1
    cleanup = ImageCleanup(products, store)
    await DeleteProduct(ProductWrites(products), cleanup)(first.id)
    assert len(list(tmp_path.iterdir())) == 1
    await DeleteProduct(ProductWrites(products), cleanup)(second.id)
    assert list(tmp_path.iterdir()) == []


async def test_removing_an_image_by_revision_deletes_our_file_but_not_foreign_ones(
    tmp_path: Path,
) -> None:
    products = memory_storage().products
    store = LocalDiskImageStore(tmp_path, MEDIA)
    product = await created(products)
    await uploader(products, store)(product.id, files(image_bytes()))
    await revise_with(products, store)(product.id, {"images": [CLOUDINARY_IMAGE]})
    assert list(tmp_path.iterdir()) == []
    assert (await products.get(product.id)).images == (CLOUDINARY_IMAGE,)


async def test_too_many_images_is_refused_before_anything_is_stored(tmp_path: Path) -> None:
    products = memory_storage().products
    product = await created(products, images=[f"{CLOUDINARY_IMAGE}?{n}" for n in range(9)])
    store = LocalDiskImageStore(tmp_path, MEDIA)
    with pytest.raises(RuleViolation) as caught:
        await uploader(products, store)(product.id, files(image_bytes(), image_bytes("JPEG")))
    assert "images" in caught.value.errors
    assert not tmp_path.exists() or list(tmp_path.iterdir()) == []
