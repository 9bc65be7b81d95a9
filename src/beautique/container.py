"""THE composition root: the only module that imports adapters.

Storage is chosen from settings (SQLite by default, Postgres for a postgresql:// URL) and
created *closed*: nothing connects when this module loads or when the container is built.
The app lifespan (and the CLI) open and close it. The pool is a Singleton with an explicit
async open/close rather than an async `providers.Resource`, because an async Resource makes
every provider that depends on it return a future, which would leak `await` into every
Litestar bridge and the CLI.
"""

from __future__ import annotations

from typing import Protocol

from dependency_injector import containers, providers

from beautique.adapters.clock import SystemClock
from beautique.adapters.memory.storage import InMemoryStorage
from beautique.adapters.postgres.storage import PostgresStorage
from beautique.adapters.sqlite.storage import SqliteStorage
from beautique.application.ports import HealthProbe
from beautique.settings import Settings


class Storage(HealthProbe, Protocol):
    """What the lifespan and CLI need from a storage backend besides its repositories."""

    async def open(self) -> None: ...

    async def close(self) -> None: ...

    async def migrate(self) -> list[str]: ...


def build_storage(settings: Settings) -> SqliteStorage | PostgresStorage:
    if settings.uses_postgres:
        return PostgresStorage(
            settings.database_url,
            max_size=settings.db_pool_max,
            prepare_threshold=settings.db_prepare_threshold,
        )
    return SqliteStorage(settings.sqlite_path)


def memory_storage() -> InMemoryStorage:
    """For tests and demos: `container.storage.override(providers.Object(memory_storage()))`."""
    return InMemoryStorage()


class Container(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)
    clock = providers.Singleton(SystemClock)
    storage = providers.Singleton(build_storage, settings)

    # --- operations (rate limits) --------------------------------------------------------

    # --- catalogue (issue 2) -------------------------------------------------------------

    # --- orders (issue 3) ----------------------------------------------------------------

    # --- admin (issue 4) -----------------------------------------------------------------
