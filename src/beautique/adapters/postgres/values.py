"""Values at the Postgres edge: instants checked, search text made literal, lists of ids bound."""

from __future__ import annotations

from datetime import datetime

# How a statement tests a column against the bound list `ids` (a Python list binds as an array).
IN_IDS = "= ANY(%(ids)s)"


def aware(at: datetime) -> datetime:
    """A naive datetime would be read in the session's time zone: refuse it instead."""
    if at.tzinfo is None:
        raise ValueError("refusing to store a naive datetime")
    return at


def escape_like(text: str) -> str:
    """`text` as a literal inside a LIKE pattern with ESCAPE '\\': the shop's users search for the
    characters they typed, `%` and `_` included."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
