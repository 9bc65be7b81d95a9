"""Admin rules, sign-in use cases, bcrypt, JWT and the development secret, without HTTP."""

from __future__ import annotations

import asyncio
import os
import stat
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import uuid4

import bcrypt
import jwt
import pytest

from beautique.adapters.memory.admins import InMemoryAdminRepository
from beautique.adapters.security.bcrypt_hasher import BcryptPasswordHasher
from beautique.adapters.security.dev_secret import development_secret, jwt_signing_key
from beautique.adapters.security.jwt_tokens import JwtTokenService
from beautique.application.admin_auth import (
    INVALID_LOGIN,
    AuthenticateToken,
    BootstrapFirstAdmin,
    CreateAdmin,
    FirstAdminConfig,
    Login,
    LoginDecoy,
)
from beautique.application.errors import Conflict, Unauthorized
from beautique.domain.admin import check_new_admin
from beautique.domain.errors import RuleViolation

KEY = "unit-test-signing-key-0123456789-abcdef"
START = datetime(2026, 1, 18, 9, 30, tzinfo=UTC)


class FakeClock:
    def __init__(self, now: datetime = START) -> None:
        self.current = now

    def now(self) -> datetime:
        return self.current


class CountingHasher:
    """A PasswordHasher fake: readable 'hashes', and a count of every password check made."""

    def __init__(self) -> None:
        self.checks = 0

    async def hash(self, password: str) -> str:
        return f"fake${password}"

    async def verify(self, password: str, password_hash: str) -> bool:
        self.checks += 1
        return password_hash == f"fake${password}"

    def needs_rehash(self, password_hash: str) -> bool:
        return False


class Kit:
    def __init__(self) -> None:
        self.admins = InMemoryAdminRepository()
        self.hasher = CountingHasher()
        self.clock = FakeClock()
        self.tokens = JwtTokenService(KEY, ttl_seconds=3600)
        self.create = CreateAdmin(self.admins, self.hasher, self.clock)
        self.login = Login(
            self.admins, self.hasher, self.tokens, self.clock, LoginDecoy(self.hasher)
        )
        self.authenticate = AuthenticateToken(self.admins, self.tokens, self.clock)


@pytest.fixture
def kit() -> Kit:
    return Kit()


# --- domain rules --------------------------------------------------------------------------


def test_a_new_admin_reports_every_bad_field_at_once() -> None:
    with pytest.raises(RuleViolation) as caught:
        check_new_admin("ab", "not-an-email", "short")
    assert set(caught.value.errors) == {"username", "email", "password"}


@pytest.mark.parametrize(
    ("username", "ok"),
    [("abc", True), ("a" * 50, True), ("ayesha.khan_2-x", True), ("ab", False),
     ("a" * 51, False), ("ayesha khan", False), ("ayeshä", False), ("admin@shop", False)],
)  # fmt: skip
def test_username_rule(username: str, ok: bool) -> None:
    problems = _problems(username=username)
    assert ("username" not in problems) is ok


@pytest.mark.parametrize(
    ("email", "ok"),
    [("a@example.com", True), ("a.b+c@mail.example.pk", True), ("a@localhost", False),
     ("a@@example.com", False), ("a b@example.com", False), ("x" * 250 + "@e.pk", False)],
)  # fmt: skip
def test_email_rule(email: str, ok: bool) -> None:
    assert ("email" not in _problems(email=email)) is ok


@pytest.mark.parametrize(
    ("password", "ok"),
    [("x" * 8, True), ("x" * 72, True), ("x" * 7, False), ("x" * 73, False),
     ("é" * 36, True), ("é" * 37, False)],  # bytes count, not characters: é is 2 bytes
)  # fmt: skip
def test_password_rule_counts_bytes(password: str, ok: bool) -> None:
    assert ("password" not in _problems(password=password)) is ok


def _problems(
    username: str = "ayesha", email: str = "a@example.com", password: str = "password1"
) -> dict[str, list[str]]:
    try:
        check_new_admin(username, email, password)
    except RuleViolation as exc:
        return exc.errors
    return {}


# --- use cases ------------------------------------------------------------------------------


async def test_login_issues_a_token_and_records_the_login(kit: Kit) -> None:
    admin = await kit.create("Ayesha", "a@example.com", "password1")
    kit.clock.current = START + timedelta(hours=1)
    result = await kit.login("AYESHA", "password1")
    assert result.admin.id == admin.id
    assert result.admin.last_login == kit.clock.current
    assert (await kit.admins.get(admin.id)).last_login == kit.clock.current  # type: ignore[union-attr]
    assert result.token.expires_in == 3600
    assert kit.tokens.subject(result.token.token, kit.clock.current) == admin.id


@pytest.mark.parametrize(
    ("username", "password", "active"),
    [
        ("ayesha", "wrong-password", True),  # wrong password
        ("nobody", "password1", True),  # unknown username
        ("ayesha", "password1", False),  # right password, inactive admin
        ("äyesha", "password1", True),  # text that cannot be a username at all
    ],
)
async def test_every_failed_login_is_the_same_error_after_exactly_one_check(
    kit: Kit, username: str, password: str, active: bool
) -> None:
    admin = await kit.create("ayesha", "a@example.com", "password1")
    await kit.admins.set_active(admin.id, active)
    kit.hasher.checks = 0
    with pytest.raises(Unauthorized) as caught:
        await kit.login(username, password)
    assert caught.value.message == INVALID_LOGIN
    assert kit.hasher.checks == 1  # an unknown user costs one password check too
    assert (await kit.admins.get(admin.id)).last_login is None  # type: ignore[union-attr]


async def test_authenticate_needs_an_existing_active_admin(kit: Kit) -> None:
    admin = await kit.create("ayesha", "a@example.com", "password1")
    token = (await kit.login("ayesha", "password1")).token.token
    assert (await kit.authenticate(token)).id == admin.id
    await kit.admins.set_active(admin.id, False)
    with pytest.raises(Unauthorized):
        await kit.authenticate(token)
    await kit.admins.set_active(admin.id, True)
    await kit.admins.delete(admin.id)
    with pytest.raises(Unauthorized):
        await kit.authenticate(token)


async def test_authenticate_follows_the_clock_to_expiry(kit: Kit) -> None:
    await kit.create("ayesha", "a@example.com", "password1")
    token = (await kit.login("ayesha", "password1")).token.token
    kit.clock.current = START + timedelta(seconds=3599)
    await kit.authenticate(token)
    kit.clock.current = START + timedelta(seconds=3600)
    with pytest.raises(Unauthorized, match="expired"):
        await kit.authenticate(token)


async def test_create_admin_refuses_a_username_taken_in_another_case(kit: Kit) -> None:
    await kit.create("Ayesha", "a@example.com", "password1")
    with pytest.raises(Conflict):
        await kit.create("aYESHA", "b@example.com", "password2")
    assert await kit.admins.count() == 1


async def test_create_admin_validates_before_hashing(kit: Kit) -> None:
    with pytest.raises(RuleViolation):
        await kit.create("x", "a@example.com", "password1")
    assert await kit.admins.count() == 0


async def test_bootstrap_from_configuration_creates_the_first_admin_only(kit: Kit) -> None:
    bootstrap = BootstrapFirstAdmin(kit.admins, kit.create)
    config = FirstAdminConfig("owner", "owner@example.com", "password1")
    outcome = await bootstrap(config, generate=False)
    assert outcome is not None and outcome.generated_password is None
    assert outcome.admin.username == "owner"
    changed = FirstAdminConfig("owner", "owner@example.com", "another-password")
    assert await bootstrap(changed, generate=True) is None
    assert await kit.admins.count() == 1
    await kit.login("owner", "password1")  # the password was not replaced


async def test_bootstrap_generates_an_admin_only_when_asked(kit: Kit) -> None:
    bootstrap = BootstrapFirstAdmin(kit.admins, kit.create)
    none = FirstAdminConfig(None, None, None)
    assert await bootstrap(none, generate=False) is None
    assert await kit.admins.count() == 0
    outcome = await bootstrap(none, generate=True)
    assert outcome is not None and outcome.generated_password
    assert outcome.admin.username == "admin"
    await kit.login("admin", outcome.generated_password)


async def test_bootstrap_refuses_a_partial_configuration(kit: Kit) -> None:
    bootstrap = BootstrapFirstAdmin(kit.admins, kit.create)
    with pytest.raises(ValueError, match="together"):
        await bootstrap(FirstAdminConfig("owner", None, "password1"), generate=True)
    assert await kit.admins.count() == 0


# --- JWT ------------------------------------------------------------------------------------


def test_jwt_service_refuses_a_short_key() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        JwtTokenService("x" * 31)
    JwtTokenService("x" * 32)


def test_jwt_token_carries_the_required_claims() -> None:
    admin_id = uuid4()
    token = JwtTokenService(KEY, ttl_seconds=600).issue(admin_id, START).token
    assert jwt.get_unverified_header(token)["alg"] == "HS256"
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["sub"] == str(admin_id)
    assert claims["exp"] - claims["iat"] == 600
    assert {"iss", "aud"} <= set(claims)


def test_jwt_refuses_tokens_of_another_key_and_from_the_future() -> None:
    service = JwtTokenService(KEY)
    other = JwtTokenService("another-key-another-key-another-key-!!")
    with pytest.raises(Unauthorized):
        service.subject(other.issue(uuid4(), START).token, START)
    future = service.issue(uuid4(), START + timedelta(hours=1)).token
    with pytest.raises(Unauthorized):
        service.subject(future, START)


# --- bcrypt ---------------------------------------------------------------------------------


async def test_bcrypt_hashes_at_the_configured_cost_and_checks() -> None:
    hasher = BcryptPasswordHasher(rounds=4)
    stored = await hasher.hash("password1")
    assert stored.startswith("$2b$04$")
    assert await hasher.verify("password1", stored)
    assert not await hasher.verify("password2", stored)
    assert not await hasher.verify("x" * 73, stored)  # longer than bcrypt reads: never a match
    assert not await hasher.verify("password1", "not a bcrypt hash")
    with pytest.raises(ValueError):
        await hasher.hash("x" * 73)


async def test_bcrypt_work_runs_off_the_event_loop_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    threads: list[threading.Thread] = []
    for name in ("hashpw", "checkpw"):
        real = getattr(bcrypt, name)

        def spy(*args: object, _real: object = real) -> object:
            threads.append(threading.current_thread())
            return _real(*args)  # type: ignore[operator]

        monkeypatch.setattr(bcrypt, name, spy)
    hasher = BcryptPasswordHasher(rounds=4)
    await hasher.verify("password1", await hasher.hash("password1"))
    assert len(threads) == 2
    assert threading.main_thread() not in threads


# --- development secret ---------------------------------------------------------------------


def test_development_secret_is_created_private_and_kept(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    first = development_secret(data_dir)
    assert len(first.encode()) >= 32
    mode = stat.S_IMODE(os.stat(data_dir / "jwt-secret").st_mode)
    assert mode == 0o600
    assert development_secret(data_dir) == first
    assert jwt_signing_key(None, data_dir) == first
    assert jwt_signing_key("configured-" * 4, data_dir) == "configured-" * 4


async def test_workers_starting_together_agree_on_one_secret(tmp_path: Path) -> None:
    secrets = await asyncio.gather(
        *(asyncio.to_thread(development_secret, tmp_path) for _ in range(16))
    )
    assert len(set(secrets)) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["jwt-secret"]  # no temporary files left


def test_a_damaged_secret_file_is_refused_with_its_path(tmp_path: Path) -> None:
    (tmp_path / "jwt-secret").write_text("short")
    with pytest.raises(RuntimeError, match="jwt-secret"):
        development_secret(tmp_path)
