"""Shared fixtures: settings, the three storage backends, and HTTP clients over the real app.

PostgreSQL is required, never skipped: TEST_DATABASE_URL (default: the local server) must
answer, or every Postgres test fails with a clear message. Each test run creates its own
database and drops it at the end.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from dependency_injector import providers
from litestar.testing import TestClient
from psycopg import sql

from beautique.container import Container, build_storage, memory_storage
from beautique.entrypoints.http.app import create_app
from beautique.settings import Settings, load_settings

DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/postgres"
BACKENDS = ["memory", "sqlite", "postgres"]

# Fast bcrypt and limits high enough not to interfere; rate-limit tests set their own.
TEST_ENV = {
    "BCRYPT_ROUNDS": "4",
    "RATE_LIMIT_LOGIN": "0",
    "RATE_LIMIT_TRACKING": "0",
    "RATE_LIMIT_ORDERS": "0",
    "JWT_SECRET": "test-secret-test-secret-test-secret-0123456789",
}


def make_settings(**env: str) -> Settings:
    return load_settings({**TEST_ENV, **env})


def _with_database(url: str, name: str) -> str:
    """The same server URL with another database name (a URL, as DATABASE_URL must be)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


@pytest.fixture(scope="session")
def pg_server_url() -> str:
    url = os.environ.get("TEST_DATABASE_URL", DEFAULT_PG)
    try:
        with psycopg.connect(url, connect_timeout=5) as conn:
            conn.execute("SELECT 1")
    except psycopg.OperationalError as exc:
        pytest.fail(
            f"PostgreSQL is not reachable at TEST_DATABASE_URL={url!r}: {exc}. "
            "The Postgres suites are required; start the server or point TEST_DATABASE_URL at one.",
            pytrace=False,
        )
    return url


@pytest.fixture(scope="session")
def pg_database_url(pg_server_url: str) -> Iterator[str]:
    """A fresh database for this test run, migrated once, dropped at the end."""
    name = f"beautique_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(pg_server_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = _with_database(pg_server_url, name)
    try:
        yield url
    finally:
        with psycopg.connect(pg_server_url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def _truncate_all(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename <> 'schema_migrations'"
            )
        ]
        if tables:
            conn.execute(
                sql.SQL("TRUNCATE {} RESTART IDENTITY CASCADE").format(
                    sql.SQL(", ").join(sql.Identifier(t) for t in tables)
                )
            )


@pytest.fixture
def pg_url(pg_database_url: str) -> str:
    """The run's Postgres database, emptied for this test (migrations stay applied)."""
    _truncate_all(pg_database_url)
    return pg_database_url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'beautique.db'}"


def settings_for(backend: str, request: pytest.FixtureRequest, **env: str) -> Settings:
    if backend == "postgres":
        env = {"DATABASE_URL": request.getfixturevalue("pg_url"), **env}
    elif backend == "sqlite":
        env = {"DATABASE_URL": request.getfixturevalue("sqlite_url"), **env}
    return make_settings(**env)


def storage_for(backend: str, settings: Settings) -> Any:
    return memory_storage() if backend == "memory" else build_storage(settings)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture
async def storage(backend: str, request: pytest.FixtureRequest) -> AsyncIterator[Any]:
    """An opened, migrated storage of each backend in turn (the contract suite's subject)."""
    store = storage_for(backend, settings_for(backend, request))
    await store.open()
    await store.migrate()
    try:
        yield store
    finally:
        await store.close()


def make_container(settings: Settings, storage: Any | None = None) -> Container:
    container = Container(settings=settings)
    if storage is not None:
        container.storage.override(providers.Object(storage))
    return container


@pytest.fixture
def client_factory(request: pytest.FixtureRequest) -> Iterator[Callable[..., TestClient[Any]]]:
    """Build an HTTP client over the real app: `client_factory(backend="sqlite", RATE_LIMIT_ORDERS="2")`.

    Storage is migrated before the app starts, as `beautique serve` does.
    """
    clients: list[TestClient[Any]] = []

    def build(backend: str = "memory", **env: str) -> TestClient[Any]:
        settings = settings_for(backend, request, **env)
        container = make_container(settings, memory_storage() if backend == "memory" else None)
        client = TestClient(create_app(container))
        client.__enter__()
        client.blocking_portal.call(container.storage().migrate)
        clients.append(client)
        return client

    yield build
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(client_factory: Callable[..., TestClient[Any]]) -> TestClient[Any]:
    """The app over in-memory storage."""
    return client_factory()


# --- the report shows the PostgreSQL suites ran, and a skipped one fails the run ------------

_POSTGRES_OUTCOMES: dict[str, list[str]] = {"passed": [], "failed": [], "skipped": []}


def _uses_postgres(item: pytest.Item) -> bool:
    fixtures = getattr(item, "fixturenames", ())
    return "pg_database_url" in fixtures or "postgres" in item.nodeid


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if _uses_postgres(item):
            item.add_marker(pytest.mark.postgres)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.keywords.get("postgres") and (report.when == "call" or report.outcome != "passed"):
        _POSTGRES_OUTCOMES[report.outcome].append(report.nodeid)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    counts = {outcome: len(ids) for outcome, ids in _POSTGRES_OUTCOMES.items()}
    terminalreporter.write_line(
        "PostgreSQL tests: {passed} passed, {failed} failed, {skipped} skipped".format(**counts)
    )


def pytest_sessionfinish(session: pytest.Session) -> None:
    if _POSTGRES_OUTCOMES["skipped"]:  # the brief: never skip the Postgres suites in CI
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
