"""CloudinaryImageStore: product images uploaded to Cloudinary with the official SDK.

Configuration is CLOUDINARY_URL read by the SDK's own parser (`cloudinary://key:secret@cloud`
plus any SDK option in its query string, e.g. `?upload_prefix=http://127.0.0.1:9000`, which is
how the tests point it at a local fake of the upload API). It is kept per store and passed to
every call, so neither os.environ nor the SDK's process-wide configuration is touched. The SDK
blocks, so every call runs in a worker thread; its failures become ImageStoreFailed (502).
"""

from __future__ import annotations

import asyncio
import io
import re
from typing import Any
from urllib.parse import urlsplit

import cloudinary
import cloudinary.exceptions
import cloudinary.uploader
import urllib3.exceptions

from beautique.application.errors import ImageStoreFailed
from beautique.application.images import PreparedImage

from .owned import UrlNamedImages

DEFAULT_TIMEOUT = 60  # seconds per call; the SDK's own default is to wait forever
DELIVERY_HOST = "res.cloudinary.com"
_VERSION = re.compile(r"v[0-9]+")
_TRANSFORMATION = re.compile(r"[a-z]{1,3}_[^/]*")
_SDK_ERRORS = (
    cloudinary.exceptions.Error,
    urllib3.exceptions.HTTPError,
    OSError,
    ValueError,
    KeyError,
    TypeError,
)


class _UrlConfig(cloudinary.Config):  # type: ignore[misc]
    """The SDK's reading of one CLOUDINARY_URL, without looking at the process environment."""

    def __init__(self, url: str) -> None:
        self.__dict__["_url"] = url
        super().__init__()

    def _load_config_from_env(self) -> None:
        self._load_from_url(self.__dict__["_url"])


def sdk_options(cloudinary_url: str) -> dict[str, Any]:
    """Every option the SDK reads from the URL (cloud_name, api_key, api_secret, upload_prefix...)."""
    config = _UrlConfig(cloudinary_url)
    return {k: v for k, v in vars(config).items() if not k.startswith("_")}


class CloudinaryImageStore(UrlNamedImages):
    """Uploads into one folder of one cloud; owns every image of that cloud (folder or not)."""

    def __init__(self, cloudinary_url: str, folder: str) -> None:
        self._options = {"timeout": DEFAULT_TIMEOUT, **sdk_options(cloudinary_url)}
        self._cloud = str(self._options.get("cloud_name") or "")
        self._folder = folder

    async def save(self, image: PreparedImage) -> str:
        upload = io.BytesIO(image.data)
        result = await self._call(
            "upload",
            lambda: cloudinary.uploader.upload(
                upload,
                folder=self._folder,
                resource_type="image",
                filename=f"product.{image.extension}",
                **self._options,
            ),
        )
        try:
            return str(result["secure_url"])
        except (KeyError, TypeError):
            raise ImageStoreFailed("Cloudinary accepted the upload but sent no image URL") from None

    async def remove(self, public_id: str) -> None:
        result = await self._call(
            "delete",
            lambda: cloudinary.uploader.destroy(
                public_id, resource_type="image", invalidate=True, **self._options
            ),
        )
        if result.get("result") not in ("ok", "not found"):  # not found: already gone
            raise ImageStoreFailed(f"Cloudinary did not delete {public_id}: {result.get('result')}")

    def name_of(self, url: str) -> str | None:
        """`https://res.cloudinary.com/<our cloud>/image/upload/[transformations/][v123/]<id>.<ext>`
        → `<id>`; None for anything else (another cloud, another host, not an uploaded image)."""
        try:
            parts = urlsplit(url)
        except ValueError:
            return None
        segments = parts.path.split("/")[1:]
        if parts.hostname != DELIVERY_HOST or segments[:3] != [self._cloud, "image", "upload"]:
            return None
        rest = segments[3:]
        versions = [i for i, segment in enumerate(rest) if _VERSION.fullmatch(segment)]
        if versions:
            rest = rest[versions[0] + 1 :]
        else:
            while len(rest) > 1 and _TRANSFORMATION.fullmatch(rest[0]) and "," in rest[0]:
                rest = rest[1:]
        public_id = "/".join(rest).rsplit(".", 1)[0]
        return public_id or None

    async def _call(self, action: str, call: Any) -> dict[str, Any]:
        try:
            result: dict[str, Any] = await asyncio.to_thread(call)
        except _SDK_ERRORS as exc:
            raise ImageStoreFailed(f"The image store failed to {action} an image: {exc}") from exc
        return result
