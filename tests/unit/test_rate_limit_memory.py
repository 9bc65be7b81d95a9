"""InMemoryRateLimiter: fixed windows, Retry-After, bounded memory — on an injected clock."""

from __future__ import annotations

from beautique.adapters.ratelimit.memory import SWEEP_EVERY_SECONDS, InMemoryRateLimiter
from beautique.entrypoints.http.rate_limit import bucket_key


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_allows_up_to_the_limit_then_refuses_with_seconds_left() -> None:
    clock = FakeClock()
    limiter = InMemoryRateLimiter(clock=clock)
    assert [await limiter.hit("login:a", 3, 60) for _ in range(3)] == [None, None, None]
    assert await limiter.hit("login:a", 3, 60) == 60
    clock.now += 45.5
    assert await limiter.hit("login:a", 3, 60) == 15  # rounded up: never "retry in 0"


async def test_a_new_window_starts_fresh() -> None:
    clock = FakeClock()
    limiter = InMemoryRateLimiter(clock=clock)
    for _ in range(3):
        await limiter.hit("orders:x", 2, 60)
    clock.now += 60
    assert await limiter.hit("orders:x", 2, 60) is None
    assert await limiter.hit("orders:x", 2, 60) is None
    assert await limiter.hit("orders:x", 2, 60) == 60


async def test_buckets_are_independent() -> None:
    limiter = InMemoryRateLimiter(clock=FakeClock())
    assert await limiter.hit("track:a", 1, 60) is None
    assert await limiter.hit("track:a", 1, 60) is not None
    assert await limiter.hit("track:b", 1, 60) is None


async def test_retry_after_is_at_least_one_second() -> None:
    clock = FakeClock()
    limiter = InMemoryRateLimiter(clock=clock)
    await limiter.hit("b", 1, 60)
    clock.now += 59.999
    assert await limiter.hit("b", 1, 60) == 1


async def test_expired_buckets_are_forgotten() -> None:
    clock = FakeClock()
    limiter = InMemoryRateLimiter(clock=clock)
    for n in range(500):
        await limiter.hit(f"client:{n}", 5, 10)
    assert limiter.bucket_count() == 500
    clock.now += max(10, SWEEP_EVERY_SECONDS)
    await limiter.hit("client:new", 5, 10)
    assert limiter.bucket_count() == 1


async def test_table_is_capped_by_forgetting_the_oldest_windows() -> None:
    limiter = InMemoryRateLimiter(clock=FakeClock(), max_buckets=100)
    for n in range(1000):
        await limiter.hit(f"flood:{n}", 1, 60)
    assert limiter.bucket_count() == 100
    assert await limiter.hit("flood:999", 1, 60) is not None  # the newest are still counted
    assert await limiter.hit("flood:0", 1, 60) is None  # the oldest was forgotten


def test_bucket_keys_hash_the_client_and_parts_and_ignore_case() -> None:
    key = bucket_key("login", "203.0.113.7", "Ayesha")
    assert key.startswith("login:")
    assert "203.0.113.7" not in key and "ayesha" not in key.lower()
    assert key == bucket_key("login", "203.0.113.7", " ayesha ")
    assert key != bucket_key("login", "203.0.113.8", "ayesha")
    assert key != bucket_key("track", "203.0.113.7", "ayesha")
    # Parts are separated, so ("ab", "c") and ("a", "bc") cannot collide.
    assert bucket_key("r", "h", "ab", "c") != bucket_key("r", "h", "a", "bc")
