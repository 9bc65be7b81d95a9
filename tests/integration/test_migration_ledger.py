"""The migration ledger on real databases: each file once, edits refused, races harmless."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from beautique.adapters.postgres.database import PostgresDatabase
from beautique.adapters.postgres.migrate import migrate_postgres
from beautique.adapters.sql.migration_ledger import MigrationError, load_migrations
from beautique.adapters.sqlite.database import SqliteDatabase
from beautique.adapters.sqlite.migrate import MIGRATIONS, migrate_sqlite, statements
from tests.conftest import _with_database

SHIPPED = [m.name for m in load_migrations(MIGRATIONS)]
EDITED = "UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1"


def ledger(path: Path) -> list[tuple[int, str]]:
    with sqlite3.connect(path) as conn:
        return conn.execute(
            "SELECT version, name FROM schema_migrations ORDER BY version"
        ).fetchall()


def migrate_file(path: Path, package: str = MIGRATIONS) -> list[str]:
    db = SqliteDatabase(path)
    try:
        return migrate_sqlite(db, package)
    finally:
        db.close()


@pytest.fixture
def migrations_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An importable package of migration files the test writes itself (a new name each time,
    since Python caches packages by name)."""
    package = tmp_path / f"ledger_case_{uuid.uuid4().hex[:12]}"
    package.mkdir()
    (package / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    return package


def test_statements_keep_triggers_strings_and_comments_whole() -> None:
    script = (
        "CREATE TABLE t (a TEXT); -- a comment; with a semicolon\n"
        "CREATE TRIGGER t_copy AFTER INSERT ON t BEGIN\n"
        "    INSERT INTO t (a) SELECT 'x;y' WHERE new.a = 'first';\n"
        "END;\n"
        "INSERT INTO t (a) VALUES ('first'); INSERT INTO t (a) VALUES ('a;b')\n"
    )
    found = [statement.strip() for statement in statements(script)]
    assert found[0] == "CREATE TABLE t (a TEXT);"
    assert found[1].startswith("-- a comment; with a semicolon\nCREATE TRIGGER")
    assert found[1].endswith("END;")
    assert found[2:] == ["INSERT INTO t (a) VALUES ('first');", "INSERT INTO t (a) VALUES ('a;b')"]


def test_sqlite_applies_each_file_once(tmp_path: Path) -> None:
    path = tmp_path / "shop.db"
    assert migrate_file(path) == SHIPPED
    assert migrate_file(path) == []
    assert [name for _, name in ledger(path)] == SHIPPED


def test_sqlite_refuses_an_applied_file_that_was_edited(tmp_path: Path) -> None:
    path = tmp_path / "shop.db"
    migrate_file(path)
    with sqlite3.connect(path) as conn:
        conn.execute(EDITED)
    with pytest.raises(MigrationError, match=r"001_catalog\.sql was changed after it was applied"):
        migrate_file(path)


def test_a_file_with_a_trigger_and_a_quote_in_its_name_applies(
    tmp_path: Path, migrations_package: Path
) -> None:
    (migrations_package / "001_o'clock.sql").write_text(
        "CREATE TABLE t (a TEXT);\n"
        "CREATE TABLE copies (a TEXT);\n"
        "CREATE TRIGGER t_copy AFTER INSERT ON t BEGIN\n"
        "    INSERT INTO copies (a) VALUES (new.a || ';');\n"
        "END;\n"
        "INSERT INTO t (a) VALUES ('tea');\n"
    )
    path = tmp_path / "case.db"
    assert migrate_file(path, migrations_package.name) == ["001_o'clock.sql"]
    assert ledger(path) == [(1, "001_o'clock.sql")]
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT a FROM copies").fetchall() == [("tea;",)]


def test_a_failing_file_leaves_nothing_behind(tmp_path: Path, migrations_package: Path) -> None:
    (migrations_package / "001_first.sql").write_text("CREATE TABLE kept (a INTEGER UNIQUE);\n")
    (migrations_package / "002_broken.sql").write_text(
        "CREATE TABLE half (a INTEGER);\n"
        "INSERT INTO kept (a) VALUES (1);\n"
        "INSERT INTO kept (a) VALUES (1);\n"  # a real constraint failure, not a race
    )
    path = tmp_path / "case.db"
    with pytest.raises(sqlite3.IntegrityError):
        migrate_file(path, migrations_package.name)
    assert ledger(path) == [(1, "001_first.sql")]
    with sqlite3.connect(path) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        assert "half" not in tables
        assert conn.execute("SELECT count(*) FROM kept").fetchone() == (0,)


class RacedDatabase(SqliteDatabase):
    """Another process migrates the same file just before this one takes its first exclusive
    lock, so this one works from a pending list that is already out of date."""

    raced: list[str] | None = None

    def _connect(self) -> sqlite3.Connection:
        conn = super()._connect()
        conn.set_trace_callback(self._before)
        return conn

    def _before(self, statement: str) -> None:
        if statement == "BEGIN EXCLUSIVE" and self.raced is None:
            self.raced = migrate_file(self.path)


def test_a_process_that_loses_the_race_rolls_back_and_succeeds(tmp_path: Path) -> None:
    path = tmp_path / "shop.db"
    late = RacedDatabase(path)
    try:
        assert migrate_sqlite(late) == []
    finally:
        late.close()
    assert late.raced == SHIPPED
    assert [name for _, name in ledger(path)] == SHIPPED
    assert migrate_file(path) == []


@pytest.fixture
def fresh_pg_url(pg_server_url: str) -> Iterator[str]:
    """An empty database of its own: the run's shared one is migrated already."""
    name = f"beautique_ledger_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield _with_database(pg_server_url, name)
    finally:
        with psycopg.connect(pg_server_url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


async def test_postgres_applies_each_file_once_and_refuses_edits(fresh_pg_url: str) -> None:
    db = PostgresDatabase(fresh_pg_url)
    shipped = [m.name for m in load_migrations("beautique.adapters.postgres.migrations")]
    assert await migrate_postgres(db) == shipped
    assert await migrate_postgres(db) == []
    async with await psycopg.AsyncConnection.connect(fresh_pg_url, autocommit=True) as conn:
        await conn.execute(EDITED)
    with pytest.raises(MigrationError, match=r"001_catalog\.sql was changed after it was applied"):
        await migrate_postgres(db)
