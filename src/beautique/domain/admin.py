"""AdminUser: who may use the admin panel, and the rules for usernames, emails and passwords."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from .errors import Problems

USERNAME_MIN, USERNAME_MAX = 3, 50
EMAIL_MAX = 254
# bcrypt reads at most 72 bytes; a longer password would be silently cut, so it is refused.
PASSWORD_MIN_BYTES, PASSWORD_MAX_BYTES = 8, 72

# ASCII only, so "case-insensitive" means the same thing in Python, SQLite and Postgres.
_USERNAME = re.compile(r"[A-Za-z0-9._-]+")
_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+")


class AdminRole(StrEnum):
    ADMIN = "admin"


def username_problem(username: str) -> str | None:
    if not USERNAME_MIN <= len(username) <= USERNAME_MAX:
        return f"must be {USERNAME_MIN} to {USERNAME_MAX} characters"
    if not _USERNAME.fullmatch(username):
        return "may contain only letters A-Z, digits, '.', '_' and '-'"
    return None


def email_problem(email: str) -> str | None:
    if len(email) > EMAIL_MAX:
        return f"must be at most {EMAIL_MAX} characters"
    if not _EMAIL.fullmatch(email):
        return "must be a valid email address"
    return None


def password_problem(password: str) -> str | None:
    try:
        size = len(password.encode("utf-8"))
    except UnicodeEncodeError:
        return "must be valid text"
    if not PASSWORD_MIN_BYTES <= size <= PASSWORD_MAX_BYTES:
        return f"must be {PASSWORD_MIN_BYTES} to {PASSWORD_MAX_BYTES} bytes long"
    return None


def check_new_admin(username: str, email: str, password: str) -> None:
    """Raise one RuleViolation naming every bad field of a new admin."""
    problems = Problems()
    for name, problem in (
        ("username", username_problem(username)),
        ("email", email_problem(email)),
        ("password", password_problem(password)),
    ):
        if problem:
            problems.add(name, problem)
    problems.raise_if_any()


def could_be_username(username: str) -> bool:
    """False for text no admin can have, so lookups never depend on Unicode case folding."""
    return username_problem(username) is None


@dataclass(frozen=True, slots=True)
class AdminUser:
    """A person who may use the admin panel; only an active admin may sign in or use a token."""

    id: UUID
    username: str
    email: str
    password_hash: str = field(repr=False)
    role: AdminRole
    is_active: bool
    created_at: datetime
    last_login: datetime | None

    @classmethod
    def register(
        cls, *, admin_id: UUID, username: str, email: str, password_hash: str, now: datetime
    ) -> AdminUser:
        """A new active admin; the caller has checked the fields with `check_new_admin`."""
        return cls(
            id=admin_id,
            username=username,
            email=email,
            password_hash=password_hash,
            role=AdminRole.ADMIN,
            is_active=True,
            created_at=now,
            last_login=None,
        )

    def logged_in(self, at: datetime) -> AdminUser:
        return replace(self, last_login=at)
