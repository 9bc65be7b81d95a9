"""POST /api/admin/login and GET /api/admin/me through the real app (contract #7, #7b, §5)."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from dependency_injector import providers
from litestar.testing import TestClient

from tests.builders import ADMIN_PASSWORD as PASSWORD
from tests.fakes import CountingHasher
from tests.http.support import DEACTIVATE_ADMIN, add_admin, bearer, container_of, login, run_sql

FAILED = {"detail": "Invalid username or password"}


@pytest.mark.parametrize("backend", ["memory", "sqlite", "postgres"])
def test_login_returns_a_token_and_the_admin(client_factory: Any, backend: str) -> None:
    client = client_factory(backend=backend, JWT_TTL="3600")
    admin_id = add_admin(client)
    response = login(client, username="AYESHA")  # usernames ignore case
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"access_token", "token_type", "expires_in", "admin"}
    assert body["token_type"] == "bearer" and body["expires_in"] == 3600
    admin = body["admin"]
    assert set(admin) == {
        "id",
        "username",
        "email",
        "role",
        "is_active",
        "created_at",
        "last_login",
    }
    assert admin["id"] == str(admin_id) and admin["username"] == "Ayesha"
    assert admin["role"] == "admin" and admin["is_active"] is True
    assert admin["last_login"] is not None
    assert "password" not in response.text and "$2b$" not in response.text

    me = client.get("/api/admin/me", headers=bearer(body["access_token"]))
    assert me.status_code == 200
    assert me.json() == admin  # last_login was stored, and the response showed the new value


@pytest.mark.parametrize(
    ("username", "password", "active"),
    [("Ayesha", "wrong password!", True), ("nobody", PASSWORD, True), ("Ayesha", PASSWORD, False)],
    ids=["wrong-password", "unknown-user", "inactive-admin"],
)
def test_failed_logins_all_look_the_same(
    client_factory: Any, username: str, password: str, active: bool
) -> None:
    client = client_factory(backend="sqlite")
    admin_id = add_admin(client)
    if not active:
        run_sql(client, DEACTIVATE_ADMIN, admin_id)
    response = login(client, username, password)
    assert response.status_code == 401
    assert response.json() == FAILED
    assert response.headers["www-authenticate"] == "Bearer"


def test_an_unknown_username_costs_one_password_check_like_a_wrong_password(
    client_factory: Any,
) -> None:
    client = client_factory()
    hasher = CountingHasher()
    container_of(client).password_hasher.override(providers.Object(hasher))
    add_admin(client)
    for username, password in (("nobody", PASSWORD), ("Ayesha", "wrong password!")):
        hasher.checks = 0
        assert login(client, username, password).status_code == 401
        assert hasher.checks == 1
    hasher.checks = 0
    assert login(client).status_code == 200
    assert hasher.checks == 1


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ({"username": "Ayesha"}, 422),
        ({"username": "Ayesha", "password": PASSWORD, "role": "owner"}, 422),
        ({"username": 5, "password": PASSWORD}, 422),
        ({"username": "", "password": ""}, 401),
        ({"username": "x" * 1_500, "password": "y" * 1_500}, 401),  # within the 4 KB body limit
    ],
)
def test_login_input_problems_are_4xx_with_a_string_detail(
    client: TestClient[Any], payload: dict[str, Any], status: int
) -> None:
    add_admin(client)
    response = client.post("/api/admin/login", json=payload)
    assert response.status_code == status
    assert isinstance(response.json()["detail"], str)


def test_login_body_that_is_not_json_is_400(client: TestClient[Any]) -> None:
    response = client.post(
        "/api/admin/login", content=b"{nope", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert isinstance(response.json()["detail"], str)


def test_login_is_rate_limited_per_client_and_username(client_factory: Any) -> None:
    client = client_factory(RATE_LIMIT_LOGIN="2")
    add_admin(client)
    assert login(client, password="wrong password!").status_code == 401
    assert login(client, password="wrong password!").status_code == 401
    limited = login(client)  # even the right password waits: the attempt is what is counted
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"]) >= 1
    assert isinstance(limited.json()["detail"], str)
    # Another username from the same address has its own budget.
    assert login(client, username="someone-else").status_code == 401


def test_rate_limit_zero_disables_it(client_factory: Any) -> None:
    client = client_factory(RATE_LIMIT_LOGIN="0")
    add_admin(client)
    assert all(login(client, password="wrong password!").status_code == 401 for _ in range(15))


def test_passwords_and_tokens_never_reach_the_log(
    client: TestClient[Any], caplog: pytest.LogCaptureFixture
) -> None:
    add_admin(client)
    with caplog.at_level(logging.DEBUG):
        token = login(client).json()["access_token"]
        client.get("/api/admin/me", headers=bearer(token))
        login(client, password="wrong password!")
    logged = "\n".join(str(record.__dict__) for record in caplog.records)
    assert caplog.records  # the access log did run
    assert PASSWORD not in logged and "wrong password!" not in logged and token not in logged


def test_login_and_me_are_documented(client: TestClient[Any]) -> None:
    paths = client.get("/docs/openapi.json").json()["paths"]
    assert {"200", "401", "422", "429"} <= set(paths["/api/admin/login"]["post"]["responses"])
    assert "401" in paths["/api/admin/me"]["get"]["responses"]
