"""The admin guard covers every /api/admin/ route, including routes added after this was written."""

from __future__ import annotations

import re
from typing import Any
from uuid import uuid4

import pytest
from litestar import Controller, Request, get
from litestar.routes import HTTPRoute
from litestar.testing import TestClient

from beautique.entrypoints.http.admin_guard import is_protected
from tests.http.support import add_admin, login

# The one admin route anyone may call. Adding a second one must be a deliberate edit here.
PUBLIC_ADMIN_ROUTES = {"/api/admin/login"}
SAMPLE = {"uuid": str(uuid4()), "int": "1", "date": "2026-01-18"}


def concrete(path: str) -> str:
    """`/api/admin/products/{id:uuid}` → a path that reaches that route."""
    return re.sub(r"\{[^}:]+:(\w+)\}", lambda m: SAMPLE.get(m.group(1), "x"), path)


def admin_routes(client: TestClient[Any]) -> list[tuple[str, str]]:
    return [
        (method, route.path)
        for route in client.app.routes
        if isinstance(route, HTTPRoute)
        and (route.path == "/api/admin" or route.path.startswith("/api/admin/"))
        and route.path not in PUBLIC_ADMIN_ROUTES
        for method in sorted(route.methods)
    ]


def admin_token(client: TestClient[Any]) -> str:
    add_admin(client, "ayesha")
    token: str = login(client, "ayesha").json()["access_token"]
    return token


def test_every_admin_route_but_login_refuses_a_request_without_a_token(
    client: TestClient[Any],
) -> None:
    routes = admin_routes(client)
    assert ("GET", "/api/admin/me") in routes  # the walk really sees the admin routes
    for method, path in routes:
        for headers in ({}, {"Authorization": "Bearer not-a-token"}):
            # No body on purpose: the guard must answer before the body is even read.
            response = client.request(method, concrete(path), headers=headers)
            assert response.status_code == 401, (method, path, headers, response.text)
            assert response.headers["www-authenticate"] == "Bearer", (method, path)
            assert isinstance(response.json()["detail"], str), (method, path)


def test_a_route_added_later_is_protected_without_doing_anything(
    client: TestClient[Any],
) -> None:
    class LaterAdminController(Controller):
        """Stands in for an admin controller of a later issue: no guard, no opt-in."""

        path = "/api/admin/later"

        @get("/{item_id:uuid}")
        async def show(self, request: Request[Any, Any, Any]) -> dict[str, str]:
            return {"seen_by": request.user.username}

    token = admin_token(client)
    client.app.register(LaterAdminController)
    assert ("GET", "/api/admin/later/{item_id:uuid}") in admin_routes(client)
    path = f"/api/admin/later/{uuid4()}"
    assert client.get(path).status_code == 401
    allowed = client.get(path, headers={"Authorization": f"Bearer {token}"})
    assert allowed.status_code == 200
    assert allowed.json() == {"seen_by": "ayesha"}  # the current admin reaches the handler


def test_public_routes_and_login_need_no_token(client: TestClient[Any]) -> None:
    assert client.get("/health").status_code == 200
    response = client.post("/api/admin/login", json={"username": "x", "password": "y"})
    assert response.json() == {"detail": "Invalid username or password"}


def test_same_route_spelled_differently_is_still_guarded(client: TestClient[Any]) -> None:
    for path in ("/api/admin/me/", "/api/admin//me", "/api//admin/me", "/api/admin/%6De"):
        response = client.get(path)
        assert response.status_code == 401, path
        assert response.json() == {"detail": "Missing bearer token"}


def test_cors_preflight_on_an_admin_route_is_not_blocked(client: TestClient[Any]) -> None:
    response = client.options(
        "/api/admin/me",
        headers={
            "Origin": "http://localhost:3000",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "Authorization",
        },
    )
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == "http://localhost:3000"


@pytest.mark.parametrize(
    ("path", "protected"),
    [("/api/admin/me", True), ("/api/admin", True), ("/api/admin/orders/{id}", True),
     ("/api/admin/login", False), ("/api/admin/login/", False), ("/api/administrator", False),
     ("/api/products", False), ("/health", False)],
)  # fmt: skip
def test_which_paths_the_guard_protects(path: str, protected: bool) -> None:
    assert is_protected(path) is protected
