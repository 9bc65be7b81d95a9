"""Value checks at the Postgres edge."""

from __future__ import annotations

from datetime import datetime


def aware(at: datetime) -> datetime:
    """A naive datetime would be read in the session's time zone: refuse it instead."""
    if at.tzinfo is None:
        raise ValueError("refusing to store a naive datetime")
    return at
