"""Admin tokens through the real app: forged, broken, expired, or outliving their admin → 401."""

from __future__ import annotations

import base64
import json
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
from tests.fakes import SettableClock
from tests.http.support import (
    DEACTIVATE_ADMIN,
    DELETE_ADMIN,
    add_admin,
    bearer,
    container_of,
    login,
    run_sql,
)

SECRET = TEST_ENV["JWT_SECRET"]
OTHER_SECRET = "some-other-secret-" * 4


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
    run_sql(client, DEACTIVATE_ADMIN if change == "deactivate" else DELETE_ADMIN, admin_id)
    response = client.get("/api/admin/me", headers=bearer(token))
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_a_token_expires_after_jwt_ttl_on_the_apps_clock(client_factory: Any) -> None:
    client = client_factory(JWT_TTL="600")
    clock = SettableClock(datetime.now(UTC))
    container_of(client).clock.override(providers.Object(clock))
    add_admin(client)
    token = login(client).json()["access_token"]
    clock.current += timedelta(seconds=599)
    assert client.get("/api/admin/me", headers=bearer(token)).status_code == 200
    clock.current += timedelta(seconds=1)
    expired = client.get("/api/admin/me", headers=bearer(token))
    assert expired.status_code == 401
    assert expired.json() == {"detail": "Token has expired"}
