"""The admin storage contract, run against the memory, SQLite and Postgres adapters alike."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

import pytest

from beautique.application.errors import Conflict
from beautique.domain.admin import AdminRole
from tests.builders import new_admin


async def test_an_added_admin_reads_back_exactly(storage: Any) -> None:
    admin = new_admin()
    await storage.admins.add(admin)
    stored = await storage.admins.get(admin.id)
    assert stored == admin
    assert stored.role is AdminRole.ADMIN
    assert stored.created_at.utcoffset() == timedelta(0)
    assert stored.last_login is None
    assert await storage.admins.get(uuid4()) is None


async def test_username_lookup_ignores_case(storage: Any) -> None:
    admin = new_admin("Ayesha.Khan")
    await storage.admins.add(admin)
    for spelling in ("Ayesha.Khan", "ayesha.khan", "AYESHA.KHAN"):
        assert (await storage.admins.get_by_username(spelling)).id == admin.id
    assert await storage.admins.get_by_username("ayesha") is None


async def test_a_username_taken_in_any_case_is_a_conflict(storage: Any) -> None:
    await storage.admins.add(new_admin("Ayesha"))
    with pytest.raises(Conflict):
        await storage.admins.add(new_admin("aYESHA"))
    assert await storage.admins.count() == 1


async def test_record_login_is_stored_in_utc(storage: Any) -> None:
    admin = new_admin()
    await storage.admins.add(admin)
    at = datetime(2026, 2, 1, 12, 0, 0, 654321, tzinfo=UTC)
    await storage.admins.record_login(admin.id, at)
    stored = await storage.admins.get(admin.id)
    assert stored.last_login == at
    assert stored.last_login.utcoffset() == timedelta(0)
    await storage.admins.record_login(uuid4(), at)  # unknown: nothing happens


async def test_count_and_the_active_flag(storage: Any) -> None:
    first, second = new_admin("first"), new_admin("second", is_active=False)
    assert await storage.admins.count() == 0
    await storage.admins.add(first)
    await storage.admins.add(second)
    assert await storage.admins.count() == 2
    assert (await storage.admins.get(first.id)).is_active is True
    assert (await storage.admins.get(second.id)).is_active is False
