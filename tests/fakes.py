"""Hand-driven stand-ins for the outside world (time, slow password hashing), shared by the suites.

They replace what the shop does not own; the shop's own code always runs for real.
"""

from __future__ import annotations

from datetime import datetime


class SettableClock:
    """The Clock port at a moment the test sets (and moves) by hand."""

    def __init__(self, at: datetime) -> None:
        self.current = at

    def now(self) -> datetime:
        return self.current


class ManualMonotonic:
    """A monotonic clock (seconds) moved by hand instead of sleeping."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class CountingHasher:
    """A PasswordHasher with readable 'hashes' that counts every password check: the observable
    work of a login."""

    def __init__(self) -> None:
        self.checks = 0

    async def hash(self, password: str) -> str:
        return f"fake${password}"

    async def verify(self, password: str, password_hash: str) -> bool:
        self.checks += 1
        return password_hash == f"fake${password}"

    def needs_rehash(self, password_hash: str) -> bool:
        return False
