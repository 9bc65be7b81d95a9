"""What a PostgreSQL error means for the shop, read in one place for every PostgreSQL adapter."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from psycopg import errors

from beautique.application.errors import Conflict


@contextmanager
def duplicate_is_conflict(message: str) -> Iterator[None]:
    """A unique key refusing a row inside the block (the id, order id or username is taken) is a
    Conflict the client caused, with `message`."""
    try:
        yield
    except errors.UniqueViolation as exc:
        raise Conflict(message) from exc
