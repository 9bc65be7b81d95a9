"""Apply numbered SQL files to Postgres under an advisory lock, each file in its own transaction."""

from __future__ import annotations

from beautique.adapters.sql.migration_ledger import SELECT_APPLIED, load_migrations, pending

from .database import AsyncConn, PostgresDatabase

# Any constant works; all instances of this app must agree on it.
MIGRATION_LOCK_KEY = 0x6265617574697175  # "beautiqu"

CREATE_LEDGER = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
)
"""


async def _applied(conn: AsyncConn) -> dict[int, str]:
    cur = await conn.execute(SELECT_APPLIED)
    return {row["version"]: row["checksum"] for row in await cur.fetchall()}


async def migrate_postgres(db: PostgresDatabase) -> list[str]:
    """Apply pending migrations; return the names applied by this call."""
    known = load_migrations("beautique.adapters.postgres.migrations")
    done: list[str] = []
    conn = await db.connect_direct()
    try:
        # Session-level lock: a second instance starting at once waits here, then finds
        # everything applied.
        await conn.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK_KEY,))
        await conn.execute(CREATE_LEDGER)
        for migration in pending(known, await _applied(conn)):
            async with conn.transaction():
                await conn.execute(migration.sql.encode())
                await conn.execute(
                    "INSERT INTO schema_migrations (version, name, checksum) VALUES (%s, %s, %s)",
                    (migration.version, migration.name, migration.checksum),
                )
            done.append(migration.name)
        await conn.execute("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK_KEY,))
    finally:
        await conn.close()
    return done
