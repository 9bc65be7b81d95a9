"""BcryptPasswordHasher: bcrypt at a configurable cost, off the event loop."""

from __future__ import annotations

import asyncio

import bcrypt

BCRYPT_MAX_BYTES = 72


class BcryptPasswordHasher:
    """Passwords are stored as bcrypt hashes; hashing and checking run in a worker thread because
    one check at cost 12 takes a quarter of a second, which would stall every other request."""

    def __init__(self, rounds: int = 12) -> None:
        if not 4 <= rounds <= 31:
            raise ValueError("bcrypt cost must be between 4 and 31")
        self.rounds = rounds

    async def hash(self, password: str) -> str:
        raw = password.encode("utf-8")
        if not 0 < len(raw) <= BCRYPT_MAX_BYTES:
            # bcrypt would silently ignore the rest; the domain refuses such passwords first.
            raise ValueError(f"password must be 1 to {BCRYPT_MAX_BYTES} bytes")
        salt = bcrypt.gensalt(self.rounds)
        hashed = await asyncio.to_thread(bcrypt.hashpw, raw, salt)
        return hashed.decode("ascii")

    async def verify(self, password: str, password_hash: str) -> bool:
        raw = password.encode("utf-8", "surrogatepass")
        if not 0 < len(raw) <= BCRYPT_MAX_BYTES:
            return False  # no stored password can be this long: nothing to compare
        try:
            return await asyncio.to_thread(bcrypt.checkpw, raw, password_hash.encode("ascii"))
        except (ValueError, UnicodeEncodeError):
            return False  # a damaged stored hash never matches; it must not crash the login
