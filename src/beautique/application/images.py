"""Plain shapes of an image upload (the files as received, and what checking them gave) and the
ports that check and keep them (re-exported by `ports`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import IO, Protocol, runtime_checkable

ACCEPTED_FORMATS = "JPEG, PNG or WebP"


@dataclass(frozen=True, slots=True)
class IncomingFile:
    """One uploaded file: a readable, seekable stream (spooled to disk by the web layer)."""

    field: str  # where it came from, for messages: `images.0`
    size: int
    stream: IO[bytes]


@dataclass(frozen=True, slots=True)
class PreparedImage:
    """An image re-encoded from its pixels alone, ready to store."""

    data: bytes
    extension: str  # "jpg", "png" or "webp"
    content_type: str


class ImageProblem(StrEnum):
    UNSUPPORTED = "unsupported"  # not a JPEG, PNG or WebP at all → 415
    CORRUPT = "corrupt"  # claims to be one but its pixels do not decode → 422
    TOO_MANY_PIXELS = "too_many_pixels"  # a decompression bomb, or simply too big → 422


@dataclass(frozen=True, slots=True)
class RejectedImage:
    field: str
    problem: ImageProblem
    message: str


@runtime_checkable
class ImageProcessor(Protocol):
    async def prepare(self, files: Sequence[IncomingFile]) -> list[PreparedImage | RejectedImage]:
        """Decode each file for real and re-encode it for the web (orientation applied, long edge
        bounded, every byte of metadata dropped), or say why it cannot be a product image."""
        ...


@runtime_checkable
class ImageStore(Protocol):
    async def save(self, image: PreparedImage) -> str:
        """Store one image; its absolute public URL. Raises ImageStoreFailed."""
        ...

    def owns(self, url: str) -> bool:
        """True for URLs of images this store holds (and may delete)."""
        ...

    async def delete(self, url: str) -> None:
        """Remove an image this store owns (a no-op for others). Raises ImageStoreFailed."""
        ...
