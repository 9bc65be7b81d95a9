"""The one error format for what the framework itself refuses: bodies, content types, params."""

from __future__ import annotations

from typing import Any

import pytest
from litestar.testing import TestClient


def test_missing_body_is_422_naming_the_body(client: TestClient[Any]) -> None:
    response = client.post("/api/orders", content=b"", headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert response.json()["errors"] == {"body": ["is required"]}
    assert response.json()["detail"] == "body: is required"


def test_malformed_json_is_400_with_a_string_detail(client: TestClient[Any]) -> None:
    response = client.post(
        "/api/orders", content=b'{"customer_name": ', headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert isinstance(response.json()["detail"], str)
    assert "errors" not in response.json()


def test_a_form_body_is_415(client: TestClient[Any]) -> None:
    response = client.post(
        "/api/orders",
        content=b"customer_name=Ayesha",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 415
    assert response.json()["detail"] == "Content-Type must be application/json"


def test_missing_required_query_parameter_is_422_without_echoing_the_url(
    client: TestClient[Any],
) -> None:
    response = client.get("/api/orders/track?order_id=BQ-20260101-001")
    assert response.status_code == 422
    body = response.json()
    assert "phone" in body["errors"]
    assert "/api/orders" not in body["detail"]


ODD_BODIES = [
    b"[]",
    b"null",
    b"1",
    b'"text"',
    b"{}",
    b'{"items": null}',
    b'{"items": [null]}',
    b'{"items": [{"product_id": "not-a-uuid"}]}',
    b'{"customer_name": 5}',
    b'{"items": [{"product_id": "00000000-0000-0000-0000-000000000000", "size": "M", '
    b'"color": "Red", "quantity": 99999999999999999999999}]}',
    b'{"items": [{"product_id": "00000000-0000-0000-0000-000000000000", "size": "M", '
    b'"color": "Red", "quantity": 1, "price": 1e999}]}',
    b"\xff\xfe",
    b'{"a":' * 5000,
]


@pytest.mark.parametrize("body", ODD_BODIES, ids=range(len(ODD_BODIES)))
@pytest.mark.parametrize("path", ["/api/orders", "/api/admin/login"])
def test_odd_bodies_get_a_4xx_with_a_string_detail(
    client: TestClient[Any], path: str, body: bytes
) -> None:
    response = client.post(path, content=body, headers={"Content-Type": "application/json"})
    assert 400 <= response.status_code < 500
    assert isinstance(response.json()["detail"], str)
