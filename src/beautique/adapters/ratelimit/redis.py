"""RedisRateLimiter: fixed-window counters in Redis, shared by every instance of the service."""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable

from redis.asyncio import Redis
from redis.exceptions import RedisError

from .memory import InMemoryRateLimiter

log = logging.getLogger("beautique.ratelimit")

KEY_PREFIX = "beautique:rl:"

# INCR and EXPIRE in one atomic step: the first hit of a window opens it with its TTL, so a
# crash between the two commands can never leave a counter that lives forever. The PTTL
# guard repairs a key that somehow lost its expiry (e.g. a manual SET) instead of locking
# that client out for good.
_HIT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
"""

# A request must not wait long on a sick Redis: limits are a guard, not the business.
SOCKET_TIMEOUT_SECONDS = 0.5
# After a failure, Redis is left alone this long (each request would otherwise pay the timeout).
RETRY_REDIS_AFTER_SECONDS = 5.0


class RedisRateLimiter:
    """At most `limit` hits per bucket in each fixed window, counted in Redis across instances.

    When Redis is unreachable the limiter degrades instead of failing requests: it counts in
    this process (as if REDIS_URL were unset), logs one warning per outage, and tries Redis
    again after a few seconds. The shop keeps selling while limits are per-instance for a
    while, which is better than refusing every order or dropping limits altogether.
    """

    def __init__(
        self,
        url: str,
        *,
        clock: Callable[[], float] = time.monotonic,
        socket_timeout: float = SOCKET_TIMEOUT_SECONDS,
    ) -> None:
        # from_url connects lazily, on the first command: nothing happens at construction.
        self._redis: Redis = Redis.from_url(
            url, socket_timeout=socket_timeout, socket_connect_timeout=socket_timeout
        )
        self._script = self._redis.register_script(_HIT)
        self._clock = clock
        self._fallback = InMemoryRateLimiter(clock=clock)
        self._down_until: float | None = None

    async def hit(self, bucket: str, limit: int, window_seconds: int) -> int | None:
        if self._down_until is not None and self._clock() < self._down_until:
            return await self._fallback.hit(bucket, limit, window_seconds)
        try:
            count, ttl_ms = await self._script(
                keys=[KEY_PREFIX + bucket], args=[window_seconds * 1000]
            )
        except (RedisError, OSError) as exc:
            self._mark_down(exc)
            return await self._fallback.hit(bucket, limit, window_seconds)
        self._mark_up()
        if int(count) <= limit:
            return None
        return max(1, math.ceil(int(ttl_ms) / 1000))

    @property
    def degraded(self) -> bool:
        """True while Redis is considered down and counts are kept in this process."""
        return self._down_until is not None

    async def aclose(self) -> None:
        """Close the connection pool (call at shutdown)."""
        await self._redis.aclose()

    def _mark_down(self, exc: Exception) -> None:
        if self._down_until is None:
            log.warning(
                "rate limiter: Redis unreachable (%s); counting in this process until it is back",
                exc,
            )
        self._down_until = self._clock() + RETRY_REDIS_AFTER_SECONDS

    def _mark_up(self) -> None:
        if self._down_until is not None:
            log.info("rate limiter: Redis reachable again; counts are shared across instances")
            self._down_until = None
