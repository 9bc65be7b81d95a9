"""HTTP caching of public catalogue reads: encoded bodies in memory, strong ETags, 304 revalidation.

The body is encoded once and kept with its ETag in the process's `CatalogReadCache`, which
drops everything when any process changes a product (see docs/catalog-caching.md). Clients
get `Cache-Control: no-cache`: they may keep a copy but must revalidate it each time, which
costs them a 304 with no body while the catalogue is unchanged, and never shows a stale price.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from typing import Any

from litestar import Request, Response
from litestar.enums import MediaType
from litestar.status_codes import HTTP_304_NOT_MODIFIED

from beautique.application.catalog_cache import CatalogReadCache

from .codec import encode_json

CACHE_CONTROL = "no-cache"


@dataclass(frozen=True, slots=True)
class EncodedResponse:
    """A JSON body ready to send, and its strong validator."""

    body: bytes
    etag: str


def etag_of(body: bytes) -> str:
    """A strong ETag: the same bytes always give the same tag, on every instance."""
    return f'"{hashlib.blake2b(body, digest_size=16).hexdigest()}"'


def matches(if_none_match: str | None, etag: str) -> bool:
    """RFC 9110 If-None-Match: `*` or any listed tag equal under weak comparison."""
    if not if_none_match:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in tags or etag.removeprefix("W/") in tags


CatalogResponseCache = CatalogReadCache[EncodedResponse]


async def cached_json(
    request: Request[Any, Any, Any],
    cache: CatalogResponseCache,
    key: Hashable,
    read: Callable[[], Awaitable[Any]],
) -> Response[Any]:
    """The JSON of `read()` (from the cache when still valid), or 304 when the client has it."""

    async def encoded() -> EncodedResponse:
        body = encode_json(await read())
        return EncodedResponse(body=body, etag=etag_of(body))

    entry = await cache.get_or_read(key, encoded)
    headers = {"ETag": entry.etag, "Cache-Control": CACHE_CONTROL}
    if matches(request.headers.get("if-none-match"), entry.etag):
        return Response(content=b"", status_code=HTTP_304_NOT_MODIFIED, headers=headers)
    return Response(content=entry.body, media_type=MediaType.JSON, headers=headers)
