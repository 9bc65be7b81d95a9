"""Admin sign-in, token checks, new admins and the first admin of a fresh install."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass

from beautique.domain.admin import AdminUser, check_new_admin, could_be_username

from .errors import Conflict, Unauthorized
from .ports import AdminRepository, Clock, IssuedToken, PasswordHasher, TokenService

INVALID_LOGIN = "Invalid username or password"
INVALID_TOKEN = "Invalid or expired token"
INACTIVE_ADMIN = "This admin account is disabled or no longer exists"


class LoginDecoy:
    """A real hash of a random password, made once: unknown usernames are checked against it,
    so they cost one full bcrypt check like a wrong password does (no timing oracle)."""

    def __init__(self, hasher: PasswordHasher) -> None:
        self._hasher = hasher
        self._hash: str | None = None

    async def password_hash(self) -> str:
        if self._hash is None:  # two first logins racing both hash once: harmless
            self._hash = await self._hasher.hash(secrets.token_urlsafe(24))
        return self._hash


@dataclass(frozen=True, slots=True)
class LoginResult:
    token: IssuedToken
    admin: AdminUser


class Login:
    """Only an active admin with the right password gets a token; every failure looks and costs the same."""

    def __init__(
        self,
        admins: AdminRepository,
        hasher: PasswordHasher,
        tokens: TokenService,
        clock: Clock,
        decoy: LoginDecoy,
    ) -> None:
        self._admins, self._hasher, self._tokens = admins, hasher, tokens
        self._clock, self._decoy = clock, decoy

    async def __call__(self, username: str, password: str) -> LoginResult:
        # Fetched on every path: the decoy's one-time hashing must not mark the first unknown name.
        decoy = await self._decoy.password_hash()
        admin = (
            await self._admins.get_by_username(username) if could_be_username(username) else None
        )
        stored = admin.password_hash if admin else decoy
        password_ok = await self._hasher.verify(password, stored)
        if admin is None or not password_ok or not admin.is_active:
            raise Unauthorized(INVALID_LOGIN)
        now = self._clock.now()
        # A hash made before BCRYPT_ROUNDS changed is replaced while the password is at hand, so
        # stored hashes cost what the decoy for unknown names costs (no timing oracle).
        upgraded = None
        if self._hasher.needs_rehash(admin.password_hash):
            upgraded = await self._hasher.hash(password)
        await self._admins.record_login(admin.id, now, upgraded)
        return LoginResult(token=self._tokens.issue(admin.id, now), admin=admin.logged_in(now))


class AuthenticateToken:
    """A token counts only while it is valid and its admin still exists and is active."""

    def __init__(self, admins: AdminRepository, tokens: TokenService, clock: Clock) -> None:
        self._admins, self._tokens, self._clock = admins, tokens, clock

    async def __call__(self, token: str) -> AdminUser:
        admin_id = self._tokens.subject(token, self._clock.now())
        admin = await self._admins.get(admin_id)
        if admin is None or not admin.is_active:
            raise Unauthorized(INACTIVE_ADMIN)
        return admin


class CreateAdmin:
    """A new admin needs a valid username, email and password; usernames are unique ignoring case."""

    def __init__(self, admins: AdminRepository, hasher: PasswordHasher, clock: Clock) -> None:
        self._admins, self._hasher, self._clock = admins, hasher, clock

    async def __call__(self, username: str, email: str, password: str) -> AdminUser:
        check_new_admin(username, email, password)
        if await self._admins.get_by_username(username) is not None:
            raise Conflict(f"Username {username!r} is already taken")  # the add checks again
        admin = AdminUser.register(
            admin_id=uuid.uuid4(),
            username=username,
            email=email,
            password_hash=await self._hasher.hash(password),
            now=self._clock.now(),
        )
        await self._admins.add(admin)
        return admin


@dataclass(frozen=True, slots=True)
class FirstAdminConfig:
    """ADMIN_USERNAME / ADMIN_EMAIL / ADMIN_PASSWORD, which must come together."""

    username: str | None
    email: str | None
    password: str | None

    @property
    def given(self) -> bool:
        return any((self.username, self.email, self.password))


@dataclass(frozen=True, slots=True)
class BootstrapOutcome:
    admin: AdminUser
    generated_password: str | None  # shown once to the person starting the server


DEV_ADMIN_USERNAME = "admin"
DEV_ADMIN_EMAIL = "admin@beautique.local"


class BootstrapFirstAdmin:
    """A store without admins gets one: from configuration, else (development only) a generated
    `admin` with a random password. Never a second one, and never a changed password."""

    def __init__(self, admins: AdminRepository, create: CreateAdmin) -> None:
        self._admins, self._create = admins, create

    async def __call__(
        self, config: FirstAdminConfig, *, generate: bool
    ) -> BootstrapOutcome | None:
        if config.given and not (config.username and config.email and config.password):
            raise ValueError("ADMIN_USERNAME, ADMIN_EMAIL and ADMIN_PASSWORD must be set together")
        if await self._admins.count() > 0:
            return None
        if config.username and config.email and config.password:
            username, email, password = config.username, config.email, config.password
            generated = None
        elif generate:
            username, email = DEV_ADMIN_USERNAME, DEV_ADMIN_EMAIL
            password = generated = secrets.token_urlsafe(12)
        else:
            return None
        try:
            admin = await self._create(username, email, password)
        except Conflict:  # another instance started at the same moment and won
            return None
        return BootstrapOutcome(admin, generated)
