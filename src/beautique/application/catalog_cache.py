"""CatalogReadCache: catalogue reads kept in process memory, dropped when any process writes a product.

Why it is built this way (docs/catalog-caching.md has the long form):
- Every product write, by any process, bumps the shared `CatalogVersion`; the cache remembers the
  version it was filled at and compares it at most once per `interval` seconds (one tiny query).
  A change anywhere is therefore seen everywhere within `interval` (0.5 s), and an idle server
  sends no query at all (so a serverless database such as Neon may suspend).
- The time source is an injected monotonic clock, so tests advance time without sleeping.
- It is bounded (least recently used entries go first) because keys come from client queries.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

from .ports import CatalogVersion

V = TypeVar("V")
DEFAULT_INTERVAL = 0.5
DEFAULT_MAX_ENTRIES = 512
MONOTONIC: Callable[[], float] = time.monotonic  # the production clock; tests inject their own


class CatalogReadCache(Generic[V]):
    """A cached read is served only while the catalogue version it was read at is still current."""

    def __init__(
        self,
        version: CatalogVersion,
        clock: Callable[[], float] = MONOTONIC,
        interval: float = DEFAULT_INTERVAL,
        max_entries: int = DEFAULT_MAX_ENTRIES,
    ) -> None:
        self._version = version
        self._clock = clock
        self._interval = interval
        self._max_entries = max_entries
        self._entries: OrderedDict[Hashable, V] = OrderedDict()
        self._seen: int | None = None
        self._checked_at = -math.inf  # start time of the last *completed* version check
        self._generation = 0  # bumped on every drop, so a read begun before it is not stored
        self._lock = asyncio.Lock()  # one version query at a time; others wait for its answer

    def __len__(self) -> int:
        return len(self._entries)

    async def get_or_read(self, key: Hashable, read: Callable[[], Awaitable[V]]) -> V:
        """The cached value for `key`, or `read()` (stored unless the catalogue changed meanwhile)."""
        await self.revalidate()
        if key in self._entries:
            self._entries.move_to_end(key)
            return self._entries[key]
        generation = self._generation
        value = await read()
        if generation == self._generation:
            self._store(key, value)
        return value

    async def revalidate(self) -> None:
        """Drop every entry if the catalogue version moved; ask at most once per interval."""
        if not self._is_due():
            return
        async with self._lock:
            if not self._is_due():  # another request checked while this one waited
                return
            started = self._clock()
            current = await self._version.current()
            if current != self._seen:
                self._entries.clear()
                self._generation += 1
                self._seen = current
            self._checked_at = started

    def _is_due(self) -> bool:
        return self._clock() - self._checked_at > self._interval

    def _store(self, key: Hashable, value: V) -> None:
        self._entries[key] = value
        self._entries.move_to_end(key)
        while len(self._entries) > self._max_entries:
            self._entries.popitem(last=False)
