"""JwtTokenService: HS256 access tokens on PyJWT, with the algorithm pinned on decode."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import jwt

from beautique.application.errors import Unauthorized
from beautique.application.ports import IssuedToken

ALGORITHM = "HS256"
MIN_KEY_BYTES = 32
ISSUER = "beautique"
AUDIENCE = "beautique-admin"
REQUIRED = ["sub", "iat", "exp", "iss", "aud"]
INVALID = "Invalid or expired token"
# Other instances' clocks may run a little ahead; only `iat`/`nbf` get this slack, never `exp`.
CLOCK_SKEW_SECONDS = 30


def _number(claims: dict[str, Any], name: str) -> float:
    value = claims.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Unauthorized(INVALID)
    return float(value)


class JwtTokenService:
    """Tokens are HS256 only, signed with a key of at least 32 bytes, and must carry sub, iat,
    exp, iss and aud with our issuer and audience; anything else is refused as Unauthorized."""

    def __init__(self, secret: str, ttl_seconds: int = 86400) -> None:
        if len(secret.encode("utf-8")) < MIN_KEY_BYTES:
            raise ValueError(f"JWT signing key must be at least {MIN_KEY_BYTES} bytes")
        if ttl_seconds <= 0:
            raise ValueError("token lifetime must be positive")
        self._key = secret
        self.ttl = ttl_seconds

    def issue(self, admin_id: UUID, now: datetime) -> IssuedToken:
        issued_at = int(now.timestamp())
        claims = {
            "sub": str(admin_id),
            "iat": issued_at,
            "exp": issued_at + self.ttl,
            "iss": ISSUER,
            "aud": AUDIENCE,
        }
        return IssuedToken(jwt.encode(claims, self._key, algorithm=ALGORITHM), self.ttl)

    def subject(self, token: str, now: datetime) -> UUID:
        claims = self._verified_claims(token)
        moment = now.timestamp()
        if moment >= _number(claims, "exp"):
            raise Unauthorized("Token has expired")
        if _number(claims, "iat") > moment + CLOCK_SKEW_SECONDS:
            raise Unauthorized(INVALID)
        if "nbf" in claims and _number(claims, "nbf") > moment + CLOCK_SKEW_SECONDS:
            raise Unauthorized(INVALID)
        try:
            return UUID(str(claims["sub"]))
        except ValueError:
            raise Unauthorized(INVALID) from None

    def _verified_claims(self, token: str) -> dict[str, Any]:
        """Signature, algorithm, issuer, audience and presence of every claim. Times are checked
        by the caller against the app's clock (PyJWT would read the system clock)."""
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                self._key,
                algorithms=[ALGORITHM],
                issuer=ISSUER,
                audience=AUDIENCE,
                options={
                    "require": REQUIRED,
                    "verify_exp": False,
                    "verify_nbf": False,
                    "verify_iat": False,
                },
            )
        except (jwt.PyJWTError, ValueError, TypeError):
            raise Unauthorized(INVALID) from None
        return claims
