"""record_login can also store a password hash upgraded to the current cost, in one write."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tests.contract.test_admins import new_admin

UPGRADED = "$2b$12$" + "u" * 53


async def test_record_login_stores_an_upgraded_hash_with_the_login_time(storage: Any) -> None:
    admin = new_admin()
    await storage.admins.add(admin)
    at = datetime(2026, 2, 1, 12, 0, tzinfo=UTC)
    await storage.admins.record_login(admin.id, at, UPGRADED)
    stored = await storage.admins.get(admin.id)
    assert (stored.last_login, stored.password_hash) == (at, UPGRADED)
    await storage.admins.record_login(admin.id, at)  # no new hash: the stored one stays
    assert (await storage.admins.get(admin.id)).password_hash == UPGRADED
