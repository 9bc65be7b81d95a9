"""The sign-in machinery: JWT tokens, bcrypt off the event loop, the development signing key."""

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

from beautique.adapters.security.bcrypt_hasher import BcryptPasswordHasher
from beautique.adapters.security.dev_secret import development_secret, jwt_signing_key
from beautique.adapters.security.jwt_tokens import JwtTokenService
from beautique.application.errors import Unauthorized

KEY = "unit-test-signing-key-0123456789-abcdef"
START = datetime(2026, 1, 18, 9, 30, tzinfo=UTC)


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
