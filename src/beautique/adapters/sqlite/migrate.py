"""Apply numbered SQL files to SQLite, each in its own exclusive transaction with a checksum row."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from beautique.adapters.sql.migration_ledger import (
    SELECT_APPLIED,
    Migration,
    check_applied,
    load_migrations,
    pending,
)

from .database import SqliteDatabase
from .errors import is_unique_violation

CREATE_LEDGER = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
)
"""
MIGRATIONS = "beautique.adapters.sqlite.migrations"
RECORD = "INSERT INTO schema_migrations (version, name, checksum) VALUES (?, ?, ?)"


def _applied(conn: sqlite3.Connection) -> dict[int, str]:
    return {row["version"]: row["checksum"] for row in conn.execute(SELECT_APPLIED)}


def statements(script: str) -> Iterator[str]:
    """The script's statements one at a time. SQLite itself says where one ends, so a trigger's
    BEGIN … END and a ';' inside a string or comment never cut a statement in two."""
    buffer = ""
    pieces = script.split(";")
    for piece in [f"{piece};" for piece in pieces[:-1]] + pieces[-1:]:
        buffer += piece
        if sqlite3.complete_statement(buffer):
            yield buffer
            buffer = ""
    if buffer.strip():  # a last statement without ';' (a trailing comment is harmless too)
        yield buffer


def _record(conn: sqlite3.Connection, migration: Migration) -> bool:
    """The ledger row goes in first: False when a process racing on the same file got there first."""
    try:
        conn.execute(RECORD, (migration.version, migration.name, migration.checksum))
    except sqlite3.IntegrityError as exc:
        if not is_unique_violation(exc):
            raise
        return False
    return True


def _apply(conn: sqlite3.Connection, migration: Migration) -> bool:
    """One file in one exclusive transaction with its ledger row; False when another process
    applied it meanwhile (this transaction then rolls back instead of applying it twice)."""
    conn.execute("BEGIN EXCLUSIVE")
    try:
        applied = _record(conn, migration)
        if applied:
            for statement in statements(migration.sql):
                conn.execute(statement)
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT" if applied else "ROLLBACK")
    return applied


def migrate_sqlite(db: SqliteDatabase, package: str = MIGRATIONS) -> list[str]:
    """Apply pending migrations; return the names applied by this call."""
    known = load_migrations(package)
    with db.connection() as conn:
        conn.execute(CREATE_LEDGER)
        done = [m.name for m in pending(known, _applied(conn)) if _apply(conn, m)]
        # A racing process may have applied a file this one skipped: check what it recorded.
        check_applied(known, _applied(conn))
    return done
