"""Operations endpoints, request ids, CORS and the docs, through the real app."""

from __future__ import annotations

from typing import Any

import pytest
from dependency_injector import providers
from litestar.testing import TestClient

from beautique.container import memory_storage
from beautique.entrypoints.http.app import create_app
from tests.conftest import make_container, make_settings

ALLOWED = "http://localhost:3000"


@pytest.mark.parametrize("backend", ["memory", "sqlite", "postgres"])
def test_health_and_ready_on_every_backend(client_factory: Any, backend: str) -> None:
    client = client_factory(backend=backend)
    health = client.get("/health")
    assert health.status_code == 200
    assert health.json()["status"] == "healthy"
    assert client.get("/health/ready").json() == {"status": "ready"}


def test_ready_is_503_when_the_database_is_unreachable() -> None:
    settings = make_settings(DATABASE_URL="postgresql://nobody@127.0.0.1:1/none")
    with TestClient(create_app(make_container(settings))) as client:
        response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "detail": "database unreachable"}


def test_request_id_is_echoed_when_sane_and_generated_otherwise(client: TestClient[Any]) -> None:
    assert (
        client.get("/health", headers={"X-Request-ID": "abc-123"}).headers["x-request-id"]
        == "abc-123"
    )
    generated = client.get("/health", headers={"X-Request-ID": "bad id\twith spaces"})
    assert generated.headers["x-request-id"] not in ("", "bad id\twith spaces")
    assert client.get("/no/such/route").headers["x-request-id"]


def test_unknown_route_is_a_json_404(client: TestClient[Any]) -> None:
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    assert isinstance(response.json()["detail"], str)


def test_cors_preflight_from_an_allowed_origin(client: TestClient[Any]) -> None:
    response = client.options(
        "/health",
        headers={
            "Origin": ALLOWED,
            "Access-Control-Request-Method": "PATCH",
            "Access-Control-Request-Headers": "Authorization, Idempotency-Key, X-Request-ID",
        },
    )
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == ALLOWED
    for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
        assert method in response.headers["access-control-allow-methods"]
    allowed = response.headers["access-control-allow-headers"].lower()
    for header in ("content-type", "authorization", "idempotency-key", "x-request-id"):
        assert header in allowed
    assert "access-control-allow-credentials" not in response.headers


def test_cors_refuses_a_foreign_origin(client: TestClient[Any]) -> None:
    preflight = client.options(
        "/health",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"},
    )
    assert "access-control-allow-origin" not in preflight.headers
    simple = client.get("/health", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in simple.headers


def test_error_responses_carry_cors_headers(client: TestClient[Any]) -> None:
    response = client.get("/api/nothing-here", headers={"Origin": ALLOWED})
    assert response.headers["access-control-allow-origin"] == ALLOWED
    assert "X-Request-ID" in response.headers["access-control-expose-headers"]


def test_crash_is_a_bare_500_with_cors_and_request_id() -> None:
    class BrokenStorage:
        """A storage whose readiness probe raises: stands in for any unexpected bug."""

        async def open(self) -> None: ...

        async def close(self) -> None: ...

        async def ping(self) -> bool:
            raise RuntimeError("SELECT secret FROM boom")

    container = make_container(make_settings())
    container.storage.override(providers.Object(BrokenStorage()))
    with TestClient(create_app(container), raise_server_exceptions=False) as client:
        response = client.get("/health/ready", headers={"Origin": ALLOWED})
    assert response.status_code == 500
    assert response.json() == {"detail": "Internal server error"}
    assert "SELECT" not in response.text
    assert response.headers["access-control-allow-origin"] == ALLOWED
    assert response.headers["x-request-id"]


def test_docs_render_offline_with_local_assets(client: TestClient[Any]) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assert "cdn." not in page.text and "https://" not in page.text
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "swagger-ui-standalone-preset.js"):
        assert f"/docs/assets/{asset}" in page.text
        assert client.get(f"/docs/assets/{asset}").status_code == 200
    schema = client.get("/docs/openapi.json")
    assert schema.status_code == 200 and schema.json()["info"]["title"] == "Beautique API"
    assert schema.json()["components"]["securitySchemes"]["BearerToken"]["scheme"] == "bearer"
    assert client.get("/docs/openapi.yaml").status_code == 200


def test_overriding_a_provider_changes_what_handlers_get() -> None:
    """The Provide bridges read the app's container, so an override reaches the handlers."""

    class FrozenClock:
        def now(self) -> Any:
            from datetime import UTC, datetime

            return datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)

    container = make_container(make_settings(), memory_storage())
    container.clock.override(providers.Object(FrozenClock()))
    with TestClient(create_app(container)) as client:
        assert client.get("/health").json()["timestamp"].startswith("2030-01-02T03:04:05")
