"""Plain shapes of an image upload: the files as received, and what checking them gave."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import IO

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
