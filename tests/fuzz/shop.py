"""The shop Schemathesis attacks: the real app over a real SQLite file, with the demo catalogue
(so generated checkouts can succeed) and one admin whose token the fuzzer presents."""

from __future__ import annotations

import asyncio
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from litestar import Litestar

from beautique.container import Container
from beautique.entrypoints.http.app import create_app
from beautique.settings import load_settings

ADMIN = ("fuzz-admin", "fuzz-admin@example.com", "fuzz-password-123")
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
    database: Path

    def count(self, table: str) -> int:
        with sqlite3.connect(self.database) as conn:
            (count,) = conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()
        return int(count)


def open_shop(data_dir: Path) -> Shop:
    database = data_dir / "fuzz.db"
    settings = load_settings(
        {**ENV, "DATABASE_URL": f"sqlite:///{database}", "DATA_DIR": str(data_dir)}
    )
    token = asyncio.run(_prepare(Container(settings=settings)))
    # A fresh container for the app: its lifespan opens and closes storage itself.
    return Shop(create_app(Container(settings=settings)), token, database)


async def _prepare(container: Container) -> str:
    """Migrate, seed the demo catalogue, create the admin (as `beautique` would) and sign in."""
    storage = container.storage()
    await storage.open()
    try:
        await storage.migrate()
        await container.seed_demo_catalog()()
        await container.create_admin()(*ADMIN)
        signed_in = await container.admin_login()(ADMIN[0], ADMIN[2])
        return signed_in.token.token
    finally:
        await storage.close()
