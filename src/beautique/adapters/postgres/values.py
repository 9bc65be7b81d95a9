"""Values at the Postgres edge: instants checked, search text made literal."""

from __future__ import annotations

from datetime import datetime


def aware(at: datetime) -> datetime:
    """A naive datetime would be read in the session's time zone: refuse it instead."""
    if at.tzinfo is None:
        raise ValueError("refusing to store a naive datetime")
    return at


def escape_like(text: str) -> str:
    """`text` as a literal inside a LIKE pattern with ESCAPE '\\': the shop's users search for the
    characters they typed, `%` and `_` included."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
