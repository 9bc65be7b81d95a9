"""The shop Schemathesis attacks: the real app over a real SQLite file (or a PostgreSQL database:
`FUZZ_BACKEND=postgres`, run by hand, not in CI), with the demo catalogue
(so generated checkouts can succeed), some demo orders (so the admin order screens have orders to
list, show, export and move along) and one admin whose token the fuzzer presents."""

from __future__ import annotations

import asyncio
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import psycopg
from litestar import Litestar

from beautique.container import Container
from beautique.entrypoints.http.app import create_app
from beautique.settings import load_settings

# `sqlite` (the CI run) or `postgres` (the test run's database, TEST_DATABASE_URL's server).
BACKEND = os.environ.get("FUZZ_BACKEND", "sqlite")
ADMIN = ("fuzz-admin", "fuzz-admin@example.com", "fuzz-password-123")
DEMO_ORDERS = 30
ENV = {
    "BCRYPT_ROUNDS": "4",
    # Rate limits off: the fuzzer sends thousands of requests from one address.
    "RATE_LIMIT_LOGIN": "0",
    "RATE_LIMIT_TRACKING": "0",
    "RATE_LIMIT_ORDERS": "0",
    "JWT_SECRET": "fuzz-secret-fuzz-secret-fuzz-secret-0123456789",
}


@dataclass(frozen=True)
class Shop:
    app: Litestar
    admin_token: str
    database_url: str

    def count(self, table: str) -> int:
        query = f"SELECT COUNT(*) FROM {table}"
        if self.database_url.startswith("sqlite:///"):
            with sqlite3.connect(self.database_url.removeprefix("sqlite:///")) as lite:
                (count,) = lite.execute(query).fetchone()
        else:
            with psycopg.connect(self.database_url) as conn:
                (count,) = conn.execute(query).fetchone() or (0,)
        return int(count)


def open_shop(data_dir: Path, database_url: str | None = None) -> Shop:
    """The shop over `database_url` (an empty, migrated or new database), else a SQLite file."""
    url = database_url or f"sqlite:///{data_dir / 'fuzz.db'}"
    settings = load_settings({**ENV, "DATABASE_URL": url, "DATA_DIR": str(data_dir)})
    token = asyncio.run(_prepare(Container(settings=settings)))
    # A fresh container for the app: its lifespan opens and closes storage itself.
    return Shop(create_app(Container(settings=settings)), token, url)


async def _prepare(container: Container) -> str:
    """Migrate, seed the demo catalogue and orders, create the admin (as `beautique` would) and sign in."""
    storage = container.storage()
    await storage.open()
    try:
        await storage.migrate()
        await container.seed_demo_catalog()()
        await container.seed_demo_orders()(DEMO_ORDERS, seed=1)
        await container.create_admin()(*ADMIN)
        signed_in = await container.admin_login()(ADMIN[0], ADMIN[2])
        return signed_in.token.token
    finally:
        await storage.close()
