"""CatalogReadCache: reads served from memory until the catalogue version moves, on a hand-moved clock."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from beautique.application.catalog_cache import CatalogReadCache
from beautique.application.errors import NotFound
from tests.fakes import ManualMonotonic


class CountingVersion:
    """A CatalogVersion that counts how often it is asked (each ask is one query in production)."""

    def __init__(self) -> None:
        self.value = 0
        self.asked = 0

    async def current(self) -> int:
        self.asked += 1
        await asyncio.sleep(0)  # a real query yields to the loop
        return self.value


def reader(values: list[str]) -> Any:
    async def read() -> str:
        return values.pop(0)

    return read


async def test_cache_serves_a_read_until_the_version_moves_and_the_interval_passes() -> None:
    clock, version = ManualMonotonic(), CountingVersion()
    cache: CatalogReadCache[str] = CatalogReadCache(version, clock=clock, interval=0.5)
    read = reader(["first", "second"])
    assert await cache.get_or_read("k", read) == "first"
    version.value += 1
    clock.now += 0.5  # not yet past the interval: the cached copy may still be served
    assert await cache.get_or_read("k", read) == "first"
    clock.now += 0.01
    assert await cache.get_or_read("k", read) == "second"


async def test_cache_keeps_entries_when_the_version_is_unchanged() -> None:
    clock, version = ManualMonotonic(), CountingVersion()
    cache: CatalogReadCache[str] = CatalogReadCache(version, clock=clock)
    read = reader(["only"])
    for _ in range(3):
        clock.now += 10
        assert await cache.get_or_read("k", read) == "only"
    assert version.asked == 3


async def test_cache_asks_for_the_version_at_most_once_per_interval() -> None:
    """Busy: one tiny query per interval. Idle: none at all (lets a serverless database sleep)."""
    clock, version = ManualMonotonic(), CountingVersion()
    cache: CatalogReadCache[str] = CatalogReadCache(version, clock=clock, interval=0.5)
    for _ in range(50):
        await cache.get_or_read("k", reader(["x"]))
    assert version.asked == 1
    clock.now += 3600  # an idle hour costs nothing; the next request asks once
    assert version.asked == 1
    await asyncio.gather(*(cache.get_or_read("k", reader(["x"])) for _ in range(20)))
    assert version.asked == 2


async def test_a_read_overtaken_by_a_catalogue_change_is_not_stored() -> None:
    clock, version = ManualMonotonic(), CountingVersion()
    cache: CatalogReadCache[str] = CatalogReadCache(version, clock=clock)

    async def slow_read() -> str:
        # While this read runs, a product changes and another request notices it.
        version.value += 1
        clock.now += 1
        await cache.revalidate()
        return "read before the change"

    assert await cache.get_or_read("k", slow_read) == "read before the change"
    assert len(cache) == 0
    assert await cache.get_or_read("k", reader(["fresh"])) == "fresh"


async def test_cache_is_bounded_and_evicts_the_least_recently_used() -> None:
    cache: CatalogReadCache[str] = CatalogReadCache(
        CountingVersion(), clock=ManualMonotonic(), max_entries=2
    )
    for key in ("a", "b"):
        await cache.get_or_read(key, reader([key]))
    await cache.get_or_read("a", reader(["unused"]))  # touch a: b is now the oldest
    await cache.get_or_read("c", reader(["c"]))
    assert len(cache) == 2
    assert await cache.get_or_read("a", reader(["new a"])) == "a"
    assert await cache.get_or_read("b", reader(["new b"])) == "new b"


async def test_a_failed_read_is_not_cached() -> None:
    cache: CatalogReadCache[str] = CatalogReadCache(CountingVersion(), clock=ManualMonotonic())

    async def failing() -> str:
        raise NotFound("Product not found")

    with pytest.raises(NotFound):
        await cache.get_or_read("k", failing)
    assert len(cache) == 0
