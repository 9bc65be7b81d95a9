"""RedisRateLimiter against the real Redis (db 15): shared counts, atomic expiry, degradation.

Redis is required, never skipped: REDIS_TEST_URL (default redis://127.0.0.1:6379/15) must
answer, or these tests fail with a clear message.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import AsyncIterator

import pytest
import redis
from redis.asyncio import Redis

from beautique.adapters.ratelimit.redis import (
    KEY_PREFIX,
    RETRY_REDIS_AFTER_SECONDS,
    RedisRateLimiter,
)
from beautique.container import Container
from tests.conftest import make_settings

REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")
UNREACHABLE = "redis://127.0.0.1:1/0"


@pytest.fixture(scope="module")
def redis_url() -> str:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        pytest.fail(
            f"Redis is not reachable at REDIS_TEST_URL={REDIS_URL!r}: {exc}. "
            "The Redis rate-limit suite is required; start Redis or point REDIS_TEST_URL at one.",
            pytrace=False,
        )
    return REDIS_URL


@pytest.fixture
def bucket() -> str:
    """A bucket name no other test (or earlier run) uses."""
    return f"test:{uuid.uuid4().hex}"


@pytest.fixture
async def raw(redis_url: str) -> AsyncIterator[Redis]:
    client: Redis = Redis.from_url(redis_url)
    yield client
    await client.aclose()


@pytest.fixture
async def limiters(redis_url: str) -> AsyncIterator[list[RedisRateLimiter]]:
    """Two independent limiters on the same Redis: two instances of the service."""
    made = [RedisRateLimiter(redis_url), RedisRateLimiter(redis_url)]
    yield made
    for limiter in made:
        await limiter.aclose()


async def test_allows_up_to_the_limit_then_gives_seconds_to_wait(
    limiters: list[RedisRateLimiter], bucket: str
) -> None:
    limiter = limiters[0]
    assert [await limiter.hit(bucket, 3, 60) for _ in range(3)] == [None, None, None]
    retry_after = await limiter.hit(bucket, 3, 60)
    assert retry_after is not None and 58 <= retry_after <= 60


async def test_two_instances_share_one_count(limiters: list[RedisRateLimiter], bucket: str) -> None:
    first, second = limiters
    assert await first.hit(bucket, 3, 60) is None
    assert await second.hit(bucket, 3, 60) is None
    assert await first.hit(bucket, 3, 60) is None
    assert await second.hit(bucket, 3, 60) is not None
    assert await first.hit(bucket, 3, 60) is not None


async def test_counter_is_prefixed_and_expires_with_the_window(
    limiters: list[RedisRateLimiter], bucket: str, raw: Redis
) -> None:
    await limiters[0].hit(bucket, 5, 60)
    key = KEY_PREFIX + bucket
    assert int(await raw.get(key)) == 1
    assert 0 < await raw.pttl(key) <= 60_000


async def test_an_expired_window_starts_fresh(
    limiters: list[RedisRateLimiter], bucket: str, raw: Redis
) -> None:
    limiter = limiters[0]
    await limiter.hit(bucket, 1, 60)
    assert await limiter.hit(bucket, 1, 60) is not None
    await raw.delete(KEY_PREFIX + bucket)  # what Redis does when the TTL runs out
    assert await limiter.hit(bucket, 1, 60) is None


async def test_a_counter_that_lost_its_expiry_gets_it_back(
    limiters: list[RedisRateLimiter], bucket: str, raw: Redis
) -> None:
    key = KEY_PREFIX + bucket
    await raw.set(key, 7)  # no TTL: would lock the client out forever without the guard
    assert await limiters[0].hit(bucket, 3, 60) is not None
    assert 0 < await raw.pttl(key) <= 60_000


async def test_unreachable_redis_degrades_to_per_process_counts_and_warns_once(
    caplog: pytest.LogCaptureFixture, bucket: str
) -> None:
    limiter = RedisRateLimiter(UNREACHABLE, socket_timeout=0.2)
    try:
        with caplog.at_level(logging.WARNING, logger="beautique.ratelimit"):
            assert await limiter.hit(bucket, 2, 60) is None
            assert await limiter.hit(bucket, 2, 60) is None
            assert await limiter.hit(bucket, 2, 60) is not None  # still limited, in-process
        assert limiter.degraded
        warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
        assert len(warnings) == 1 and "Redis unreachable" in warnings[0].getMessage()
    finally:
        await limiter.aclose()


async def test_after_an_outage_redis_is_tried_again_and_warns_again_only_per_outage(
    caplog: pytest.LogCaptureFixture, bucket: str
) -> None:
    now = [0.0]
    limiter = RedisRateLimiter(UNREACHABLE, clock=lambda: now[0], socket_timeout=0.2)
    try:
        with caplog.at_level(logging.WARNING, logger="beautique.ratelimit"):
            await limiter.hit(bucket, 5, 60)
            now[0] += RETRY_REDIS_AFTER_SECONDS + 1  # retried: still down, same outage
            await limiter.hit(bucket, 5, 60)
        assert limiter.degraded
        assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == 1
    finally:
        await limiter.aclose()


async def test_container_picks_redis_when_redis_url_is_set(redis_url: str) -> None:
    with_redis = Container(settings=make_settings(REDIS_URL=redis_url)).rate_limiter()
    without = Container(settings=make_settings()).rate_limiter()
    try:
        assert isinstance(with_redis, RedisRateLimiter)
        assert not isinstance(without, RedisRateLimiter)
    finally:
        await with_redis.aclose()
