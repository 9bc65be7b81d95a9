"""The timeouts and the idempotency lease: seconds, with defaults that need no setup."""

from __future__ import annotations

import pytest

from beautique.container import build_storage
from beautique.settings import SettingsError, load_settings


def test_defaults_are_a_few_seconds_and_a_thirty_second_lease() -> None:
    settings = load_settings({})
    assert (
        settings.db_connect_timeout,
        settings.db_statement_timeout,
        settings.db_pool_timeout,
        settings.sqlite_busy_timeout,
        settings.idempotency_lease_seconds,
    ) == (3, 5, 3, 5, 30)


def test_the_settings_reach_the_storage() -> None:
    env = {"DB_CONNECT_TIMEOUT": "2", "DB_STATEMENT_TIMEOUT": "0", "DB_POOL_TIMEOUT": "4"}
    postgres = build_storage(load_settings({"DATABASE_URL": "postgresql://u@h/db", **env}))
    timeouts = postgres.db.timeouts  # type: ignore[union-attr]
    assert (timeouts.connect, timeouts.statement, timeouts.pool_wait) == (2, 0, 4)
    assert timeouts.transaction == 6  # 0 leaves the statement timeout to the server's role
    sqlite = build_storage(load_settings({"SQLITE_BUSY_TIMEOUT": "2"}))
    assert sqlite.db.busy_timeout == 2


@pytest.mark.parametrize(
    "name",
    ["DB_CONNECT_TIMEOUT", "DB_POOL_TIMEOUT", "SQLITE_BUSY_TIMEOUT", "IDEMPOTENCY_LEASE_SECONDS"],
)
def test_zero_or_words_are_refused_naming_the_variable(name: str) -> None:
    for bad in ("0", "soon"):
        with pytest.raises(SettingsError, match=name):
            load_settings({name: bad})
