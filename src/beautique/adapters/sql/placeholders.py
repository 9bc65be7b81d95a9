"""Bound parameters in SQL both backends run: written psycopg's way, rewritten for sqlite3."""

from __future__ import annotations

import re


def for_sqlite(sql: str) -> str:
    """psycopg's `%(name)s` placeholders as sqlite3's `:name`."""
    return re.sub(r"%\((\w+)\)s", r":\1", sql)
