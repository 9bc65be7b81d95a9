"""POST /api/admin/login and GET /api/admin/me through the real app (contract #7, #7b, §5)."""

from __future__ import annotations

import base64
import json
import logging
import time
import warnings
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import jwt
import pytest
from dependency_injector import providers
from litestar.testing import TestClient

from tests.conftest import TEST_ENV

SECRET = TEST_ENV["JWT_SECRET"]
OTHER_SECRET = "some-other-secret-" * 4
PASSWORD = "correct horse battery"
FAILED = {"detail": "Invalid username or password"}


def container_of(client: TestClient[Any]) -> Any:
    return client.app.state["container"]


def add_admin(client: TestClient[Any], username: str = "Ayesha", active: bool = True) -> UUID:
    """Through the real use case and the app's own storage (whatever the backend)."""
    container = container_of(client)
    admin = client.blocking_portal.call(
        container.create_admin(), username, f"{username.lower()}@example.com", PASSWORD
    )
    if not active:
        client.blocking_portal.call(container.storage().admins.set_active, admin.id, False)
    admin_id: UUID = admin.id
    return admin_id


def login(client: TestClient[Any], username: str = "Ayesha", password: str = PASSWORD) -> Any:
    return client.post("/api/admin/login", json={"username": username, "password": password})


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


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
    add_admin(client, active=active)
    response = login(client, username, password)
    assert response.status_code == 401
    assert response.json() == FAILED
    assert response.headers["www-authenticate"] == "Bearer"


class CountingHasher:
    """A PasswordHasher fake that counts checks: the observable 'work' of a login."""

    def __init__(self) -> None:
        self.checks = 0

    async def hash(self, password: str) -> str:
        return f"fake${password}"

    async def verify(self, password: str, password_hash: str) -> bool:
        self.checks += 1
        return password_hash == f"fake${password}"

    def needs_rehash(self, password_hash: str) -> bool:
        return False


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


# --- tokens ----------------------------------------------------------------------------------


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _claims(admin_id: UUID, **changes: Any) -> dict[str, Any]:
    now = int(time.time())
    claims = {
        "sub": str(admin_id),
        "iat": now,
        "exp": now + 600,
        "iss": "beautique",
        "aud": "beautique-admin",
    }
    claims.update(changes)
    return {k: v for k, v in claims.items() if v is not None}


def _signed(admin_id: UUID, key: str = SECRET, algorithm: str = "HS256", **changes: Any) -> str:
    with warnings.catch_warnings():  # the right key with the wrong algorithm is the point here
        warnings.simplefilter("ignore", jwt.warnings.InsecureKeyLengthWarning)
        return jwt.encode(_claims(admin_id, **changes), key, algorithm=algorithm)


def _unsigned(admin_id: UUID) -> str:
    return f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(_claims(admin_id))}."


def _none_with_a_signature(admin_id: UUID) -> str:
    return _unsigned(admin_id) + _signed(admin_id).rsplit(".", 1)[1]


Header = Callable[[UUID], dict[str, str]]
FORGED: dict[str, Header] = {
    "no-header": lambda a: {},
    "alg-none": lambda a: bearer(_unsigned(a)),
    "alg-none-with-signature": lambda a: bearer(_none_with_a_signature(a)),
    "other-key": lambda a: bearer(_signed(a, key=OTHER_SECRET)),
    "HS384": lambda a: bearer(_signed(a, algorithm="HS384")),
    "HS512": lambda a: bearer(_signed(a, algorithm="HS512")),
    "expired": lambda a: bearer(_signed(a, iat=int(time.time()) - 7200, exp=int(time.time()) - 1)),
    "not-yet-valid": lambda a: bearer(_signed(a, nbf=int(time.time()) + 3600)),
    "issued-in-the-future": lambda a: bearer(_signed(a, iat=int(time.time()) + 3600)),
    "missing-exp": lambda a: bearer(_signed(a, exp=None)),
    "missing-sub": lambda a: bearer(_signed(a, sub=None)),
    "missing-iat": lambda a: bearer(_signed(a, iat=None)),
    "missing-iss": lambda a: bearer(_signed(a, iss=None)),
    "missing-aud": lambda a: bearer(_signed(a, aud=None)),
    "wrong-iss": lambda a: bearer(_signed(a, iss="someone-else")),
    "wrong-aud": lambda a: bearer(_signed(a, aud="storefront")),
    "exp-not-a-number": lambda a: bearer(_signed(a, exp="tomorrow")),
    "sub-not-a-uuid": lambda a: bearer(_signed(a, sub="admin")),
    "unknown-admin": lambda a: bearer(_signed(uuid4())),
    "garbage": lambda a: bearer("not-a-jwt"),
    "three-garbage-parts": lambda a: bearer("a.b.c"),
    "bearer-missing": lambda a: {"Authorization": _signed(a)},
    "other-scheme": lambda a: {"Authorization": f"Basic {_signed(a)}"},
    "bearer-without-token": lambda a: {"Authorization": "Bearer "},
}


@pytest.mark.parametrize("forged", FORGED.values(), ids=FORGED.keys())
def test_forged_and_broken_tokens_are_401(client: TestClient[Any], forged: Header) -> None:
    admin_id = add_admin(client)
    assert client.get("/api/admin/me", headers=bearer(_signed(admin_id))).status_code == 200
    response = client.get("/api/admin/me", headers=forged(admin_id))
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert isinstance(response.json()["detail"], str) and response.json()["detail"]


@pytest.mark.parametrize("change", ["deactivate", "delete"])
def test_a_token_dies_with_its_admin(client_factory: Any, change: str) -> None:
    client = client_factory(backend="postgres")
    add_admin(client)
    token = login(client).json()["access_token"]
    admin_id = UUID(client.get("/api/admin/me", headers=bearer(token)).json()["id"])
    admins = container_of(client).storage().admins
    if change == "deactivate":
        client.blocking_portal.call(admins.set_active, admin_id, False)
    else:
        client.blocking_portal.call(admins.delete, admin_id)
    response = client.get("/api/admin/me", headers=bearer(token))
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


class MovableClock:
    def __init__(self) -> None:
        self.current = datetime.now(UTC)

    def now(self) -> datetime:
        return self.current


def test_a_token_expires_after_jwt_ttl_on_the_apps_clock(client_factory: Any) -> None:
    client = client_factory(JWT_TTL="600")
    clock = MovableClock()
    container_of(client).clock.override(providers.Object(clock))
    add_admin(client)
    token = login(client).json()["access_token"]
    clock.current += timedelta(seconds=599)
    assert client.get("/api/admin/me", headers=bearer(token)).status_code == 200
    clock.current += timedelta(seconds=1)
    expired = client.get("/api/admin/me", headers=bearer(token))
    assert expired.status_code == 401
    assert expired.json() == {"detail": "Token has expired"}


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
