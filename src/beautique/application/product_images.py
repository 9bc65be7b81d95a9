"""Adding photos to a product: every file checked before anything is stored, all or nothing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from uuid import UUID

from beautique.domain.errors import RuleViolation
from beautique.domain.product import MAX_IMAGES, ImageHostPolicy, Product

from .errors import PayloadTooLarge, UnsupportedMedia
from .images import ACCEPTED_FORMATS, ImageProblem, IncomingFile, PreparedImage, RejectedImage
from .ports import Clock, ImageProcessor, ImageStore
from .product_writes import ImageCleanup, ProductWrites


@dataclass(frozen=True, slots=True)
class AddedImages:
    urls: list[str]
    product: Product


def _check_request(files: Sequence[IncomingFile], max_bytes: int) -> None:
    if not 1 <= len(files) <= MAX_IMAGES:
        raise RuleViolation({"images": [f"send 1 to {MAX_IMAGES} files, got {len(files)}"]})
    too_big = [f.field for f in files if f.size > max_bytes]
    if too_big:
        raise PayloadTooLarge(
            f"{', '.join(too_big)}: larger than the {max_bytes:,} bytes allowed per image"
        )


def _accepted(results: list[PreparedImage | RejectedImage]) -> list[PreparedImage]:
    """The prepared images, or the refusal naming every bad file (415 if any is not an image)."""
    rejected = [r for r in results if isinstance(r, RejectedImage)]
    if any(r.problem is ImageProblem.UNSUPPORTED for r in rejected):
        detail = "; ".join(f"{r.field}: {r.message}" for r in rejected)
        raise UnsupportedMedia(f"{detail} (accepted: {ACCEPTED_FORMATS})")
    if rejected:
        raise RuleViolation({r.field: [r.message] for r in rejected})
    return [r for r in results if isinstance(r, PreparedImage)]


class AddProductImages:
    """1 to 10 real JPEG, PNG or WebP photos, each within the size limit, and never more than 10
    on the product. Nothing is stored unless every file passes; if storing or saving fails
    midway, what was stored is deleted again and the product is unchanged."""

    def __init__(
        self,
        writes: ProductWrites,
        processor: ImageProcessor,
        store: ImageStore,
        cleanup: ImageCleanup,
        policy: ImageHostPolicy,
        clock: Clock,
        max_bytes: int,
    ) -> None:
        self._writes, self._processor, self._store = writes, processor, store
        self._cleanup, self._policy, self._clock = cleanup, policy, clock
        self._max_bytes = max_bytes

    async def __call__(self, product_id: UUID, files: Sequence[IncomingFile]) -> AddedImages:
        _check_request(files, self._max_bytes)
        (await self._writes.current(product_id)).check_room_for_images(len(files))
        images = _accepted(await self._processor.prepare(files))
        urls: list[str] = []
        try:
            for image in images:
                urls.append(await self._store.save(image))
            saved = await self._writes.apply(product_id, self._adding(urls))
        except BaseException:
            await self._cleanup.discard(urls)
            raise
        return AddedImages(urls=urls, product=saved.after)

    def _adding(self, urls: list[str]) -> Callable[[Product], Product]:
        def change(product: Product) -> Product:
            return product.with_images(urls, policy=self._policy, now=self._clock.now())

        return change
