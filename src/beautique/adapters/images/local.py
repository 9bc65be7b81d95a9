"""LocalDiskImageStore: images as files under DATA_DIR/media, served by the app at /media/{name}.

Files are named by the SHA-256 of their bytes, so a name never points at other content (browsers
may cache them forever) and the same photo uploaded twice is one file. Each file is written to a
temporary name in the same directory and renamed into place, so a reader never sees half a file.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import tempfile
from pathlib import Path

from beautique.application.errors import ImageStoreFailed
from beautique.application.images import PreparedImage

from .owned import UrlNamedImages

MEDIA_NAME = re.compile(r"[0-9a-f]{64}\.(jpg|png|webp)")


class LocalDiskImageStore(UrlNamedImages):
    """Keeps images in one directory; owns exactly the URLs `{base_url}{sha256}.{ext}`."""

    def __init__(self, directory: Path, base_url: str) -> None:
        self._directory = directory
        self._base_url = base_url  # e.g. "http://127.0.0.1:8000/media/"

    async def save(self, image: PreparedImage) -> str:
        name = f"{hashlib.sha256(image.data).hexdigest()}.{image.extension}"
        try:
            await asyncio.to_thread(self._write, name, image.data)
        except OSError as exc:
            raise ImageStoreFailed(f"Could not store the image on disk: {exc.strerror}") from exc
        return self._base_url + name

    async def remove(self, name: str) -> None:
        try:
            await asyncio.to_thread((self._directory / name).unlink, missing_ok=True)
        except OSError as exc:
            raise ImageStoreFailed(f"Could not delete the image from disk: {exc.strerror}") from exc

    def name_of(self, url: str) -> str | None:
        if not url.startswith(self._base_url):
            return None
        name = url.removeprefix(self._base_url)
        return name if MEDIA_NAME.fullmatch(name) else None

    def _write(self, name: str, data: bytes) -> None:
        self._directory.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=self._directory, prefix=".upload-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.chmod(temporary, 0o644)  # mkstemp makes 0600; the files are public anyway
            os.replace(temporary, self._directory / name)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
