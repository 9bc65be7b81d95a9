"""BcryptPasswordHasher: bcrypt at a configurable cost, in its own small thread pool."""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import bcrypt

from beautique.application.errors import RateLimited

BCRYPT_MAX_BYTES = 72
# Two threads: one check at cost 12 takes a quarter of a second of a core, and the machine
# also has requests to serve. Beyond MAX_PENDING waiting checks a sign-in is refused at once
# (429) instead of queueing for many seconds.
WORKERS = 2
MAX_PENDING = 32
_COST = re.compile(r"\$2[abxy]?\$(\d\d)\$")
T = TypeVar("T")


class BcryptPasswordHasher:
    """Passwords are stored as bcrypt hashes. Hashing and checking run in the hasher's own
    threads, never in the default pool that SQLite works in, so a flood of sign-ins can slow
    sign-ins only, never the catalogue or checkout."""

    def __init__(
        self, rounds: int = 12, *, workers: int = WORKERS, max_pending: int = MAX_PENDING
    ) -> None:
        if not 4 <= rounds <= 31:
            raise ValueError("bcrypt cost must be between 4 and 31")
        self.rounds = rounds
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="bcrypt")
        self._max_pending = max_pending
        self._pending = 0
        self._lock = threading.Lock()

    async def hash(self, password: str) -> str:
        raw = password.encode("utf-8")
        if not 0 < len(raw) <= BCRYPT_MAX_BYTES:
            # bcrypt would silently ignore the rest; the domain refuses such passwords first.
            raise ValueError(f"password must be 1 to {BCRYPT_MAX_BYTES} bytes")
        salt = bcrypt.gensalt(self.rounds)
        hashed = await self._run(bcrypt.hashpw, raw, salt)
        return hashed.decode("ascii")

    async def verify(self, password: str, password_hash: str) -> bool:
        raw = password.encode("utf-8", "surrogatepass")
        if not 0 < len(raw) <= BCRYPT_MAX_BYTES:
            return False  # no stored password can be this long: nothing to compare
        try:
            return await self._run(bcrypt.checkpw, raw, password_hash.encode("ascii"))
        except (ValueError, UnicodeEncodeError):
            return False  # a damaged stored hash never matches; it must not crash the login

    def needs_rehash(self, password_hash: str) -> bool:
        """True for a bcrypt hash made at another cost than the configured one."""
        found = _COST.match(password_hash)
        return found is not None and int(found.group(1)) != self.rounds

    async def _run(self, work: Callable[[bytes, bytes], T], raw: bytes, other: bytes) -> T:
        with self._lock:
            if self._pending >= self._max_pending:
                raise RateLimited(1, "Too many sign-in attempts at once, please retry in 1 second")
            self._pending += 1
        try:
            return await asyncio.get_running_loop().run_in_executor(self._pool, work, raw, other)
        finally:
            with self._lock:
                self._pending -= 1
