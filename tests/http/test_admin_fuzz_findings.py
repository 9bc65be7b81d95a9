"""What Schemathesis found on the admin routes, each held by a test that fails without its fix."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.builders import make_order
from tests.http.admin_support import Client, sign_in, store


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("/api/admin/products", "GET, HEAD, OPTIONS, POST"),
        ("/api/admin/products/3cee3757-31f9-533e-b33a-48f443f578af", "DELETE, GET, HEAD, OPTIONS, PUT"),
        ("/api/admin/orders/3cee3757-31f9-533e-b33a-48f443f578af/status", "OPTIONS, PATCH"),
        ("/api/products", "GET, HEAD, OPTIONS"),
    ],
)  # fmt: skip
def test_options_names_every_method_of_the_path(client: Client, path: str, allowed: str) -> None:
    # Litestar 2 named only the methods registered before its OPTIONS handler ("OPTIONS, POST").
    headers = sign_in(client)
    response = client.options(path, headers={"Authorization": headers["Authorization"]})
    assert response.status_code == 204
    assert response.headers["allow"] == allowed


def test_a_cors_preflight_keeps_its_own_answer(client_factory: Callable[..., Client]) -> None:
    client = client_factory(CORS_ORIGINS="https://shop.example")
    response = client.options(
        "/api/admin/products",
        headers={"Origin": "https://shop.example", "Access-Control-Request-Method": "GET"},
    )
    assert response.status_code in (200, 204)
    assert "allow" not in response.headers
    assert response.headers["access-control-allow-origin"] == "https://shop.example"


@pytest.mark.parametrize("value", [0, 1])
def test_a_boolean_sent_as_a_number_is_refused(client: Client, value: int) -> None:
    # msgspec's lax conversion read 0 and 1 as booleans: the schema says true or false.
    headers = sign_in(client)
    before = client.get("/api/admin/products", headers=headers).json()["items"]
    body = {"name": "Silk Maxi", "category": "Maxi", "description": "A flowing silk maxi dress.",
            "regular_price": 5500, "sizes": ["M"], "colors": ["Red"], "images": [],
            "is_active": False, "is_bestseller": value}  # fmt: skip
    response = client.post("/api/admin/products", json=body, headers=headers)
    assert response.status_code == 422, response.text
    assert response.json()["errors"] == {"is_bestseller": ["must be true or false"]}
    assert client.get("/api/admin/products", headers=headers).json()["items"] == before


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
@pytest.mark.parametrize("path", ["/api/admin/orders", "/api/admin/orders/export"])
def test_dates_at_the_ends_of_the_calendar_filter_without_a_500(
    client_factory: Callable[..., Client], backend: str, path: str
) -> None:
    # The looser bound on created_at went past datetime's range (0001-01-01 minus 14 hours).
    client = client_factory(backend=backend)
    headers = sign_in(client)
    order = make_order()
    store(client, order)
    query = "start_date=0001-01-01&end_date=9999-12-31"
    response = client.get(f"{path}?{query}", headers=headers)
    assert response.status_code == 200, response.text
    assert order.order_id.value in response.text
    for only in ("start_date=9999-12-31", "end_date=0001-01-01"):
        response = client.get(f"{path}?{only}", headers=headers)
        assert response.status_code == 200, response.text
        assert order.order_id.value not in response.text


def test_an_order_detail_is_described_with_its_wire_enums(client: Client) -> None:
    headers = sign_in(client)
    order = make_order()
    store(client, order)
    document: dict[str, Any] = client.get("/docs/openapi.json").json()
    detail = document["components"]["schemas"]["OrderDetailOut"]["properties"]
    body = client.get(f"/api/admin/orders/{order.id}", headers=headers).json()
    for field in ("payment_method", "payment_status", "order_status", "delivery_status"):
        assert body[field] in detail[field]["enum"]
