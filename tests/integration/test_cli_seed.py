"""`beautique seed-demo`: the real command in its own process, twice, on one SQLite file (and on Postgres)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from beautique.application.catalog_cache import DEFAULT_INTERVAL
from beautique.application.demo_catalog import DEMO_ITEMS
from beautique.container import build_storage
from beautique.entrypoints import cli
from tests.conftest import TEST_ENV, make_container, make_settings
from tests.http.catalog_shop import with_manual_clock

ACTIVE_DEMO = sum(1 for item in DEMO_ITEMS if item.active)


def run_cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "beautique.entrypoints.cli", *args],
        env={**os.environ, **TEST_ENV, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def count_products(database_url: str) -> int:
    async def count() -> int:
        storage = build_storage(make_settings(DATABASE_URL=database_url))
        await storage.open()
        try:
            total: int = await storage.products.count_all()
            return total
        finally:
            await storage.close()

    return asyncio.run(count())


def test_seed_demo_twice_on_a_new_sqlite_file_seeds_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh' / 'shop.db'}"
    first = run_cli("seed-demo", DATABASE_URL=url)
    assert first.returncode == 0, first.stderr
    assert f"seeded {len(DEMO_ITEMS)} demo product(s)" in first.stdout
    second = run_cli("seed-demo", DATABASE_URL=url)
    assert second.returncode == 0, second.stderr
    assert "catalogue not empty: nothing seeded" in second.stdout
    assert count_products(url) == len(DEMO_ITEMS)


def test_seed_demo_through_main_on_postgres(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {**TEST_ENV, "DATABASE_URL": pg_url}.items():
        monkeypatch.setenv(name, value)
    assert cli.main(["seed-demo"]) == 0
    assert cli.main(["seed-demo"]) == 0
    assert count_products(pg_url) == len(DEMO_ITEMS)


def test_a_running_app_sees_products_seeded_by_the_cli_process(
    client_factory: Callable[..., TestClient[Any]], sqlite_url: str
) -> None:
    client = client_factory(backend="sqlite")
    clock = with_manual_clock(client)
    assert client.get("/api/products").json()["total"] == 0
    assert run_cli("seed-demo", DATABASE_URL=sqlite_url).returncode == 0
    clock.now += DEFAULT_INTERVAL + 0.01
    listing = client.get("/api/products").json()
    assert listing["total"] == ACTIVE_DEMO
    assert all(item["is_active"] for item in listing["items"])


@pytest.mark.parametrize(("env", "expected"), [("development", len(DEMO_ITEMS)), ("production", 0)])
def test_serve_seeds_an_empty_catalogue_in_development_only(
    sqlite_url: str, env: str, expected: int
) -> None:
    assert cli.seed_demo_in_development in cli.serve_preparations()
    container = make_container(make_settings(DATABASE_URL=sqlite_url, BEAUTIQUE_ENV=env))

    async def prepare() -> None:
        storage = container.storage()
        await storage.open()
        try:
            await storage.migrate()
            await cli.seed_demo_in_development(container)
        finally:
            await storage.close()

    asyncio.run(prepare())
    assert count_products(sqlite_url) == expected
