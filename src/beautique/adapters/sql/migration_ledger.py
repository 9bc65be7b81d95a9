"""Numbered plain-SQL migration files and their checksums (shared by both databases)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()


SELECT_APPLIED = "SELECT version, checksum FROM schema_migrations"


class MigrationError(RuntimeError):
    """An applied migration file was edited, or a migration failed."""


def load_migrations(package: str) -> list[Migration]:
    """Files named NNN_description.sql in `package`, in version order."""
    found = []
    for entry in resources.files(package).iterdir():
        if entry.name.endswith(".sql"):
            version = int(entry.name.split("_", 1)[0])
            found.append(Migration(version, entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found, key=lambda m: m.version)


def pending(known: list[Migration], applied: dict[int, str]) -> list[Migration]:
    """The files still to apply, in version order, after refusing edited applied ones."""
    check_applied(known, applied)
    return [migration for migration in known if migration.version not in applied]


def check_applied(known: list[Migration], applied: dict[int, str]) -> None:
    """Refuse to run against a database whose applied files were changed since."""
    for migration in known:
        recorded = applied.get(migration.version)
        if recorded is not None and recorded != migration.checksum:
            raise MigrationError(
                f"migration {migration.name} was changed after it was applied; "
                "add a new numbered file instead"
            )
