"""Sign-in under changed costs and floods: stored hashes follow BCRYPT_ROUNDS (so the decoy for
unknown names costs what a real check costs), and bcrypt runs in its own bounded pool."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from beautique.adapters.memory.admins import InMemoryAdminRepository
from beautique.adapters.security.bcrypt_hasher import BcryptPasswordHasher
from beautique.adapters.security.jwt_tokens import JwtTokenService
from beautique.application.admin_auth import CreateAdmin, Login, LoginDecoy
from beautique.application.errors import RateLimited, Unauthorized
from tests.fakes import SettableClock
from tests.unit.test_admin_auth import KEY, START

PASSWORD = "correct horse battery"


async def sign_in_kit(
    stored_cost: int, configured_cost: int
) -> tuple[Login, InMemoryAdminRepository]:
    """An admin whose hash was made at `stored_cost`, and a login running at `configured_cost`."""
    admins, clock = InMemoryAdminRepository(), SettableClock(START)
    await CreateAdmin(admins, BcryptPasswordHasher(stored_cost), clock)(
        "Ayesha", "a@example.com", PASSWORD
    )
    hasher = BcryptPasswordHasher(configured_cost)
    tokens = JwtTokenService(KEY, ttl_seconds=3600)
    return Login(admins, hasher, tokens, clock, LoginDecoy(hasher)), admins


async def stored_hash(admins: InMemoryAdminRepository) -> str:
    admin = await admins.get_by_username("Ayesha")
    assert admin is not None
    return admin.password_hash


async def test_a_successful_login_rehashes_a_password_stored_at_another_cost() -> None:
    login, admins = await sign_in_kit(stored_cost=4, configured_cost=5)
    result = await login("Ayesha", PASSWORD)
    assert result.admin.last_login == START
    upgraded = await stored_hash(admins)
    assert upgraded.startswith("$2b$05$")
    await login("Ayesha", PASSWORD)  # the new hash checks, and is kept as it is
    assert await stored_hash(admins) == upgraded


async def test_a_failed_login_changes_no_hash_and_a_current_one_is_kept() -> None:
    login, admins = await sign_in_kit(stored_cost=4, configured_cost=5)
    before = await stored_hash(admins)
    with pytest.raises(Unauthorized):
        await login("Ayesha", "wrong password!")
    assert await stored_hash(admins) == before
    same_cost, same_admins = await sign_in_kit(stored_cost=4, configured_cost=4)
    kept = await stored_hash(same_admins)
    await same_cost("Ayesha", PASSWORD)
    assert await stored_hash(same_admins) == kept


async def test_the_decoy_is_made_at_the_configured_cost() -> None:
    assert (await LoginDecoy(BcryptPasswordHasher(5)).password_hash()).startswith("$2b$05$")


def test_a_hash_needs_rehashing_only_at_another_cost() -> None:
    hasher = BcryptPasswordHasher(12)
    assert hasher.needs_rehash("$2b$10$" + "a" * 53)
    assert not hasher.needs_rehash("$2b$12$" + "a" * 53)
    assert not hasher.needs_rehash("not a bcrypt hash")  # never matches anyway: nothing to upgrade


async def test_hashing_never_waits_for_the_default_thread_pool() -> None:
    """SQLite works in the default pool; a login flood must not take its threads, and must
    still be served while every one of them is busy."""
    loop = asyncio.get_running_loop()
    default = ThreadPoolExecutor(max_workers=1)
    loop.set_default_executor(default)
    gate = threading.Event()
    occupied = loop.run_in_executor(None, gate.wait)
    try:
        hasher = BcryptPasswordHasher(4)
        stored = await asyncio.wait_for(hasher.hash(PASSWORD), timeout=10)
        assert await asyncio.wait_for(hasher.verify(PASSWORD, stored), timeout=10)
        assert any(t.name.startswith("bcrypt") for t in threading.enumerate())
    finally:
        gate.set()
        await occupied
        default.shutdown()


async def test_a_flood_beyond_the_queue_is_refused_at_once_not_queued() -> None:
    hasher = BcryptPasswordHasher(4, workers=1, max_pending=3)
    stored = await hasher.hash(PASSWORD)
    outcomes = await asyncio.gather(
        *(hasher.verify(PASSWORD, stored) for _ in range(10)), return_exceptions=True
    )
    assert outcomes.count(True) == 3
    refused = [o for o in outcomes if isinstance(o, RateLimited)]
    assert len(refused) == 7 and all(r.retry_after >= 1 for r in refused)
    assert await hasher.verify(PASSWORD, stored)  # the queue drained: served again
