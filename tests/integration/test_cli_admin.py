"""`beautique create-admin`, the first-admin bootstrap of `serve`, and start-up secret checks."""

from __future__ import annotations

import logging
import os
import re
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from beautique.entrypoints.cli import build_parser, prepare_to_serve
from tests.builders import ADMIN_PASSWORD as PASSWORD
from tests.conftest import TEST_ENV, make_container, make_settings
from tests.http.support import login


def run_cli(*args: str, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    """The real console entry point in a child process, with only the variables given here."""
    clean = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "SYSTEMROOT")}
    return subprocess.run(
        [sys.executable, "-m", "beautique.entrypoints.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**clean, **env},
        timeout=120,
        check=False,
    )


@pytest.fixture
def cli_env(sqlite_url: str, tmp_path: Path) -> dict[str, str]:
    return {
        "DATABASE_URL": sqlite_url,
        "DATA_DIR": str(tmp_path / "var"),
        "BCRYPT_ROUNDS": "4",
        "JWT_SECRET": TEST_ENV["JWT_SECRET"],
        "RATE_LIMIT_LOGIN": "0",
    }


def test_create_admin_with_password_on_stdin_then_log_in(
    cli_env: dict[str, str], client_factory: Any
) -> None:
    done = run_cli(
        "create-admin", "--username", "Ayesha", "--email", "a@example.com", "--password-stdin",
        stdin=PASSWORD + "\n", **cli_env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "created admin Ayesha" in done.stdout
    assert PASSWORD not in done.stdout + done.stderr

    client = client_factory(backend="sqlite")  # the same SQLite file
    response = login(client, "ayesha", PASSWORD)
    assert response.status_code == 200
    assert response.json()["admin"]["email"] == "a@example.com"


def test_create_admin_refuses_a_taken_username_in_any_case(cli_env: dict[str, str]) -> None:
    args = ("create-admin", "--email", "a@example.com", "--password-stdin")
    assert run_cli(*args, "--username", "Ayesha", stdin=PASSWORD, **cli_env).returncode == 0
    again = run_cli(*args, "--username", "AYESHA", stdin=PASSWORD, **cli_env)
    assert again.returncode == 1
    assert "already taken" in again.stderr


def test_create_admin_reports_every_bad_field(cli_env: dict[str, str]) -> None:
    done = run_cli(
        "create-admin", "--username", "a b", "--email", "nope", "--password-stdin",
        stdin="short\n", **cli_env,
    )  # fmt: skip
    assert done.returncode == 1
    for field in ("username:", "email:", "password: must be 8 to 72 bytes long"):
        assert field in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("secret", "message"),
    [(None, "JWT_SECRET: required in production"), ("too-short", "at least 32 bytes")],
)
def test_production_without_a_strong_secret_refuses_to_start(
    cli_env: dict[str, str], secret: str | None, message: str
) -> None:
    env = {k: v for k, v in cli_env.items() if k != "JWT_SECRET"}
    if secret is not None:
        env["JWT_SECRET"] = secret
    done = run_cli("serve", "--port", "1", BEAUTIQUE_ENV="production", **env)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr


async def serve_preparations(
    capsys: pytest.CaptureFixture[str], **env: str
) -> tuple[int, str, str]:
    container = make_container(make_settings(**env))
    status = await prepare_to_serve(container, build_parser().parse_args(["serve"]))
    out, err = capsys.readouterr()
    return status, out, err


async def test_development_serve_creates_admin_once_and_keeps_a_secret(
    sqlite_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    client_factory: Any,
) -> None:
    env = {"DATABASE_URL": sqlite_url, "DATA_DIR": str(tmp_path / "var"), "JWT_SECRET": ""}
    with caplog.at_level(logging.DEBUG):
        status, out, _ = await serve_preparations(capsys, **env)
    assert status == 0
    found = re.search(r"created admin 'admin' with password (\S+)", out)
    assert found, out
    password = found.group(1)
    assert password not in caplog.text  # printed to the console once, never logged
    secret_file = tmp_path / "var" / "jwt-secret"
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    secret = secret_file.read_text()

    status, out, _ = await serve_preparations(capsys, **env)  # a restart: nothing new
    assert status == 0 and "password" not in out
    assert secret_file.read_text() == secret

    first = client_factory(backend="sqlite", JWT_SECRET="", DATA_DIR=env["DATA_DIR"])
    token = login(first, "admin", password).json()["access_token"]
    second = client_factory(backend="sqlite", JWT_SECRET="", DATA_DIR=env["DATA_DIR"])
    me = second.get("/api/admin/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200  # another process with the same DATA_DIR accepts the token


async def test_production_serve_creates_the_configured_admin_and_no_other(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], client_factory: Any
) -> None:
    env = {"DATABASE_URL": sqlite_url, "DATA_DIR": str(tmp_path), "BEAUTIQUE_ENV": "production"}
    status, out, _ = await serve_preparations(capsys, **env)
    assert status == 0 and "admin" not in out  # production never invents an admin

    owner = {"ADMIN_USERNAME": "owner", "ADMIN_EMAIL": "o@example.com", "ADMIN_PASSWORD": PASSWORD}
    status, out, _ = await serve_preparations(capsys, **env, **owner)
    assert status == 0
    assert "created the first admin 'owner'" in out and PASSWORD not in out
    status, out, _ = await serve_preparations(capsys, **env, **{**owner, "ADMIN_PASSWORD": "x" * 9})
    assert "created" not in out  # an admin exists: configuration changes nothing
    client = client_factory(backend="sqlite", BEAUTIQUE_ENV="production")
    assert login(client, "owner", PASSWORD).status_code == 200


async def test_an_incomplete_first_admin_configuration_stops_the_start(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    env = {"DATABASE_URL": sqlite_url, "DATA_DIR": str(tmp_path), "ADMIN_USERNAME": "owner"}
    with pytest.raises(SystemExit) as stopped:
        await serve_preparations(capsys, **env)
    assert stopped.value.code == 2
    assert "must be set together" in capsys.readouterr().err
