"""Admin sign-in use cases (Login, AuthenticateToken, CreateAdmin, BootstrapFirstAdmin) over
in-memory storage."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from beautique.adapters.memory.admins import InMemoryAdminRepository
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
from beautique.domain.admin import AdminUser
from beautique.domain.errors import RuleViolation
from tests.builders import new_admin
from tests.fakes import CountingHasher, SettableClock

KEY = "unit-test-signing-key-0123456789-abcdef"
START = datetime(2026, 1, 18, 9, 30, tzinfo=UTC)


class Kit:
    def __init__(self) -> None:
        self.admins = InMemoryAdminRepository()
        self.hasher = CountingHasher()
        self.clock = SettableClock(START)
        self.tokens = JwtTokenService(KEY, ttl_seconds=3600)
        self.create = CreateAdmin(self.admins, self.hasher, self.clock)
        self.login = Login(
            self.admins, self.hasher, self.tokens, self.clock, LoginDecoy(self.hasher)
        )
        self.authenticate = AuthenticateToken(self.admins, self.tokens, self.clock)

    async def add(self, username: str, password: str, *, active: bool) -> AdminUser:
        """An admin stored as it is (active or not), with the password this kit's hasher checks."""
        admin = new_admin(
            username, password_hash=await self.hasher.hash(password), is_active=active
        )
        await self.admins.add(admin)
        return admin


@pytest.fixture
def kit() -> Kit:
    return Kit()


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
    admin = await kit.add("ayesha", "password1", active=active)
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
    inactive = await kit.add("bilal", "password1", active=False)
    token = kit.tokens.issue(inactive.id, kit.clock.now()).token  # signed before deactivation
    with pytest.raises(Unauthorized):
        await kit.authenticate(token)
    token = kit.tokens.issue(uuid4(), kit.clock.now()).token  # its admin was deleted since
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
