"""Control characters in product text are a 422 naming the field on every backend, never a 500
(PostgreSQL refuses NUL outright) and never stored."""

from __future__ import annotations

from typing import Any

import pytest

from tests.product_builders import admin_headers, product_body


@pytest.mark.parametrize("backend", ["memory", "sqlite", "postgres"])
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": "Silk\x00Maxi"}, "name"),
        ({"name": "Silk\nMaxi"}, "name"),
        ({"description": "A flowing silk maxi\x1b[31m for evenings."}, "description"),
        ({"colors": ["Red", "Bl\x00ue"]}, "colors.1"),
        ({"images": ["https://res.cloudinary.com/demo/a\x00.jpg"]}, "images.0"),
    ],
)
def test_control_characters_are_refused_when_creating(
    client_factory: Any, backend: str, changes: dict[str, Any], field: str
) -> None:
    client = client_factory(backend=backend)
    headers = admin_headers(client)
    response = client.post("/api/admin/products", json=product_body(**changes), headers=headers)
    assert response.status_code == 422, response.text
    assert field in response.json()["errors"]
    listed = client.get("/api/admin/products", headers=headers).json()
    assert listed["total"] == 0


def test_a_description_may_span_several_lines(client_factory: Any) -> None:
    client = client_factory(backend="postgres")
    headers = admin_headers(client)
    text = "A flowing silk maxi.\nHand-embroidered neckline.\r\nDry clean only."
    response = client.post(
        "/api/admin/products", json=product_body(description=text), headers=headers
    )
    assert response.status_code == 201, response.text
    assert response.json()["description"] == text


def test_control_characters_are_refused_when_revising(client_factory: Any) -> None:
    client = client_factory(backend="postgres")
    headers = admin_headers(client)
    created = client.post("/api/admin/products", json=product_body(), headers=headers).json()
    response = client.put(
        f"/api/admin/products/{created['id']}", json={"name": "Red\x00Maxi"}, headers=headers
    )
    assert response.status_code == 422, response.text
    assert (
        client.get(f"/api/admin/products/{created['id']}", headers=headers).json()["name"]
        == (created["name"])
    )
