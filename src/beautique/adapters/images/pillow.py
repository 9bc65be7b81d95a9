"""PillowImageProcessor: a real decode of every upload, and a clean web-sized re-encode.

Why each step:
- `Image.open` restricted to JPEG, PNG and WebP reads only the header; anything else (text renamed
  `.png`, a GIF, an SVG) is refused as unsupported before a pixel is decoded.
- The pixel count is checked from the header, before decoding: a small file can unpack into
  gigabytes (a decompression bomb).
- `verify()` checks the file's structure and checksums; a *fresh* open then `load()`s every pixel,
  which is what finds truncated and damaged files (verify alone does not decode).
- The output is re-encoded from the pixels alone: EXIF (camera, GPS), XMP, ICC and text chunks
  never reach the new file. EXIF orientation is applied first; colours in an embedded ICC
  profile are converted to sRGB before the profile is dropped; the long edge is bounded.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Sequence
from typing import Any

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from beautique.application.images import (
    ACCEPTED_FORMATS,
    ImageProblem,
    IncomingFile,
    PreparedImage,
    RejectedImage,
)

FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
}
SAVE_OPTIONS: dict[str, dict[str, Any]] = {
    "JPEG": {"quality": 85, "optimize": True},
    "PNG": {"compress_level": 6},
    "WEBP": {"quality": 85},
}
DEFAULT_MAX_EDGE = 2000
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


class Rejected(Exception):
    def __init__(self, problem: ImageProblem, message: str) -> None:
        super().__init__(message)
        self.problem, self.message = problem, message


class PillowImageProcessor:
    """Only real JPEG, PNG and WebP images whose pixels decode, within the pixel limit."""

    def __init__(self, max_pixels: int, max_edge: int = DEFAULT_MAX_EDGE) -> None:
        self._max_pixels, self._max_edge = max_pixels, max_edge

    async def prepare(self, files: Sequence[IncomingFile]) -> list[PreparedImage | RejectedImage]:
        # Decoding is CPU-bound: a worker thread keeps the event loop serving other requests.
        return await asyncio.to_thread(lambda: [self._prepare(file) for file in files])

    def _prepare(self, file: IncomingFile) -> PreparedImage | RejectedImage:
        try:
            image = self._decoded(file)
            try:
                return self._encoded(image)
            except Exception:  # an odd mode or a broken profile: the file is not usable as is
                raise Rejected(ImageProblem.CORRUPT, "could not be converted for the web") from None
        except Rejected as rejected:
            return RejectedImage(file.field, rejected.problem, rejected.message)

    def _decoded(self, file: IncomingFile) -> Image.Image:
        header = _open(file)
        width, height = header.size
        if width * height > self._max_pixels:
            raise Rejected(
                ImageProblem.TOO_MANY_PIXELS,
                f"is {width}x{height} pixels; at most {self._max_pixels:,} pixels are accepted",
            )
        try:
            header.verify()
            image = _open(file)
            if image.format == "JPEG":  # decode at a reduced scale when the photo is huge
                image.draft(None, (self._max_edge, self._max_edge))
            image.load()
        except Exception:  # Pillow raises OSError, SyntaxError, ValueError, struct.error, ...
            raise Rejected(ImageProblem.CORRUPT, "is damaged or incomplete") from None
        return image

    def _encoded(self, image: Image.Image) -> PreparedImage:
        fmt = str(image.format)
        upright = ImageOps.exif_transpose(image)
        web = _in_srgb(upright, image.info.get("icc_profile"))
        web.thumbnail((self._max_edge, self._max_edge), Image.Resampling.LANCZOS)
        web = _web_mode(web, fmt)
        clean = Image.frombytes(web.mode, web.size, web.tobytes())  # pixels only, no metadata
        out = io.BytesIO()
        clean.save(out, format=fmt, **SAVE_OPTIONS[fmt])
        extension, content_type = FORMATS[fmt]
        return PreparedImage(data=out.getvalue(), extension=extension, content_type=content_type)


def _open(file: IncomingFile) -> Image.Image:
    file.stream.seek(0)
    try:
        image = Image.open(file.stream, formats=list(FORMATS))
    except Image.DecompressionBombError:
        raise Rejected(ImageProblem.TOO_MANY_PIXELS, "has far too many pixels") from None
    except UnidentifiedImageError:
        raise Rejected(ImageProblem.UNSUPPORTED, f"is not a {ACCEPTED_FORMATS} image") from None
    except Exception:
        raise Rejected(ImageProblem.CORRUPT, "is damaged or incomplete") from None
    return image


def _in_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """Colours as the profile meant them (a phone's Display P3, a printer's CMYK), in sRGB."""
    if not icc or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image.convert("RGB") if image.mode == "CMYK" else image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        mode = "RGBA" if image.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(image, source, _SRGB, outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image.convert("RGB") if image.mode == "CMYK" else image  # keep the raw values
    return converted if converted is not None else image


def _web_mode(image: Image.Image, fmt: str) -> Image.Image:
    """A mode the output format stores plainly (palettes and odd depths become RGB or RGBA)."""
    alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if fmt == "JPEG":
        return image if image.mode in ("L", "RGB") else image.convert("RGB")
    if fmt == "PNG" and image.mode in ("L", "LA", "RGB", "RGBA"):
        return image
    if fmt == "WEBP" and image.mode in ("RGB", "RGBA"):
        return image
    return image.convert("RGBA" if alpha else "RGB")
