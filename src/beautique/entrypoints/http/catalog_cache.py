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
from typing import Any, cast

from litestar import Request
from litestar.status_codes import HTTP_304_NOT_MODIFIED

from beautique.application.catalog_cache import CatalogReadCache

from .codec import EncodedJSON, encode_json
from .dependencies import container_of

CACHE_CONTROL = "no-cache"


@dataclass(frozen=True, slots=True)
class EncodedResponse:
    """A JSON body ready to send, its strong validator, and both answers built once: a cache
    hit returns `ok` or `not_modified` as they are, with no encoding and no header assembly."""

    body: bytes
    etag: str
    ok: EncodedJSON
    not_modified: EncodedJSON

    @classmethod
    def of(cls, body: bytes) -> EncodedResponse:
        etag = etag_of(body)
        headers = [(b"etag", etag.encode()), (b"cache-control", CACHE_CONTROL.encode())]
        not_modified = EncodedJSON(b"", HTTP_304_NOT_MODIFIED, headers)
        return cls(body, etag, EncodedJSON(body, headers=headers), not_modified)


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


def _if_none_match(request: Request[Any, Any, Any]) -> str | None:
    for name, value in request.scope["headers"]:
        if name == b"if-none-match":
            return value.decode("latin-1")
    return None


async def cached_json(
    request: Request[Any, Any, Any], key: Hashable, read: Callable[[], Awaitable[Any]]
) -> EncodedJSON:
    """The JSON of `read()` (from the cache when still valid), or 304 when the client has it."""

    async def encoded() -> EncodedResponse:
        return EncodedResponse.of(encode_json(await read()))

    cache = cast(CatalogResponseCache, container_of(request.app.state).catalog_cache())
    entry = await cache.get_or_read(key, encoded)
    return entry.not_modified if matches(_if_none_match(request), entry.etag) else entry.ok
