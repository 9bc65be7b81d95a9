"""Scratch stores and the environment our server runs with during the benchmark."""

from __future__ import annotations

import os
import secrets
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ADMIN_USERNAME = "bench-admin"
ADMIN_PASSWORD = secrets.token_urlsafe(18)  # this run only; the scratch store is thrown away


def server_env(data_dir: Path, database_url: str) -> dict[str, str]:
    """Production settings on a scratch store, with the abuse guard (rate limits) off."""
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "CLOUDINARY_URL")}
    env.update(
        DATA_DIR=str(data_dir),
        DATABASE_URL=database_url,
        BEAUTIQUE_ENV="production",  # JSON log lines, no demo seeding, no generated admin
        JWT_SECRET=secrets.token_urlsafe(48),
        ADMIN_USERNAME=ADMIN_USERNAME,
        ADMIN_EMAIL="bench-admin@example.com",
        ADMIN_PASSWORD=ADMIN_PASSWORD,
        LOG_LEVEL="INFO",
        RATE_LIMIT_LOGIN="0",
        RATE_LIMIT_TRACKING="0",
        RATE_LIMIT_ORDERS="0",
    )
    return env


@contextmanager
def scratch_postgres(server_url: str) -> Iterator[str]:
    """A throw-away database `beautique_bench_<random>` on that server, dropped afterwards."""
    import psycopg
    from psycopg import sql

    name = f"beautique_bench_{uuid.uuid4().hex[:8]}"
    try:
        with psycopg.connect(server_url, autocommit=True, connect_timeout=10) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.Error as exc:
        raise RuntimeError(f"BENCH_DATABASE_URL: cannot create a scratch database: {exc}") from exc
    parts = urlsplit(server_url)
    try:
        yield urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))
    finally:
        with psycopg.connect(server_url, autocommit=True) as conn:
            drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
            conn.execute(drop.format(sql.Identifier(name)))


def postgres_version(server_url: str) -> str:
    import psycopg

    try:
        with psycopg.connect(server_url, connect_timeout=5) as conn:
            row = conn.execute("SHOW server_version").fetchone()
            return f"PostgreSQL {row[0].split()[0]}" if row else "PostgreSQL"
    except psycopg.Error as exc:
        return f"PostgreSQL (version unknown: {type(exc).__name__})"
