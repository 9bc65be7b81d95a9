"""InMemoryRateLimiter: fixed-window counters in this process only (the default without Redis)."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

# Far above what one small shop's traffic creates in a minute; a flood of distinct client
# addresses cannot grow the table past it (the oldest windows are forgotten first).
DEFAULT_MAX_BUCKETS = 100_000
SWEEP_EVERY_SECONDS = 30.0


@dataclass(slots=True)
class _Window:
    ends_at: float
    count: int


class InMemoryRateLimiter:
    """At most `limit` hits per bucket in each fixed window; counts live in this process only.

    Fixed windows (not sliding): a client can burst up to 2 x limit across a window boundary,
    which is acceptable for abuse protection and keeps the state to one counter per bucket,
    the same semantics as the Redis adapter. Expired windows are swept out periodically and the
    table is capped, so memory stays bounded whatever the number of client addresses.
    `hit` never awaits, so on one event loop it is atomic without a lock.
    """

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        max_buckets: int = DEFAULT_MAX_BUCKETS,
    ) -> None:
        self._clock = clock
        self._max_buckets = max_buckets
        # Insertion order = order in which windows opened (a restarted window is re-inserted).
        self._windows: dict[str, _Window] = {}
        self._next_sweep = clock() + SWEEP_EVERY_SECONDS

    async def hit(self, bucket: str, limit: int, window_seconds: int) -> int | None:
        now = self._clock()
        self._forget_expired(now)
        window = self._windows.get(bucket)
        if window is None or window.ends_at <= now:
            self._windows.pop(bucket, None)
            window = self._windows[bucket] = _Window(ends_at=now + window_seconds, count=0)
            self._enforce_cap()
        window.count += 1
        if window.count <= limit:
            return None
        return max(1, math.ceil(window.ends_at - now))

    def bucket_count(self) -> int:
        """How many buckets are remembered (for tests and diagnostics)."""
        return len(self._windows)

    async def aclose(self) -> None:
        """Nothing to release; present so both limiters can be closed the same way."""

    def _forget_expired(self, now: float) -> None:
        if now < self._next_sweep:
            return
        self._next_sweep = now + SWEEP_EVERY_SECONDS
        expired = [key for key, window in self._windows.items() if window.ends_at <= now]
        for key in expired:
            del self._windows[key]

    def _enforce_cap(self) -> None:
        while len(self._windows) > self._max_buckets:
            del self._windows[next(iter(self._windows))]
