"""Apply numbered SQL files to SQLite, each in its own exclusive transaction with a checksum row."""

from __future__ import annotations

import sqlite3

from beautique.adapters.sql.migration_ledger import Migration, check_applied, load_migrations

from .database import SqliteDatabase

CREATE_LEDGER = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
)
"""


def _applied(conn: sqlite3.Connection) -> dict[int, str]:
    rows = conn.execute("SELECT version, checksum FROM schema_migrations").fetchall()
    return {row["version"]: row["checksum"] for row in rows}


def _apply(conn: sqlite3.Connection, migration: Migration) -> bool:
    """One file in one transaction. The ledger row goes in first: a second process racing on
    the same file fails on the primary key and rolls back, instead of applying it twice."""
    ledger = (
        "INSERT INTO schema_migrations (version, name, checksum) VALUES "
        f"({migration.version}, '{migration.name}', '{migration.checksum}');"
    )
    try:
        # executescript commits any open transaction first, so the script carries its own.
        conn.executescript(f"BEGIN EXCLUSIVE;\n{ledger}\n{migration.sql}\nCOMMIT;")
    except sqlite3.IntegrityError:
        conn.execute("ROLLBACK")
        return False
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return True


def migrate_sqlite(db: SqliteDatabase) -> list[str]:
    """Apply pending migrations; return the names applied by this call."""
    known = load_migrations("beautique.adapters.sqlite.migrations")
    done: list[str] = []
    with db.connection() as conn:
        conn.execute(CREATE_LEDGER)
        applied = _applied(conn)
        check_applied(known, applied)
        for migration in known:
            if migration.version not in applied and _apply(conn, migration):
                done.append(migration.name)
        check_applied(known, _applied(conn))
    return done
