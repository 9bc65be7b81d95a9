"""What an SQLite error means for the shop, read in one place for every SQLite adapter."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from beautique.application.errors import Conflict

# A primary key is a unique key too: either failing means "this already exists".
_UNIQUE_CODES = frozenset({sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY})


def is_unique_violation(exc: BaseException) -> bool:
    """True when a UNIQUE or PRIMARY KEY constraint refused a row. A CHECK or FOREIGN KEY failure
    is a bug upstream (the domain refuses such values first), not a conflict a client caused."""
    return isinstance(exc, sqlite3.IntegrityError) and exc.sqlite_errorcode in _UNIQUE_CODES


@contextmanager
def duplicate_is_conflict(message: str) -> Iterator[None]:
    """A unique violation inside the block is a Conflict the client caused, with `message`."""
    try:
        yield
    except sqlite3.IntegrityError as exc:
        if not is_unique_violation(exc):
            raise
        raise Conflict(message) from exc
