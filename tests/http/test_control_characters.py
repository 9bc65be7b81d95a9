"""Text fields refuse control characters (contract §1) with 422 on every backend, before an order
number is taken: NUL and the other C0 characters except tab, and line breaks only in the
address and notes. Texts that reach the database from other routes never cause a 500 either.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from litestar.testing import TestClient

from beautique.domain.order_id import OrderId
from tests.builders import order_item, order_payload
from tests.http.support import stock

Client = TestClient[Any]
SINGLE_LINE = ["customer_name", "phone", "whatsapp", "email", "city", "country"]
MULTI_LINE = ["address", "notes"]
CONTROLS = ["\x00", "\x01", "\x1b", "\x7f"]
BACKENDS = ["memory", "sqlite", "postgres"]


def with_char(field: str, char: str) -> str:
    base = order_payload()[field]
    return f"{base[:3]}{char}{base[3:]}"


@pytest.mark.parametrize("backend", BACKENDS)
def test_control_characters_in_any_order_text_are_422_naming_the_field(
    client_factory: Callable[..., Client], backend: str
) -> None:
    client = client_factory(backend=backend)
    product = stock(client)
    for field in SINGLE_LINE + MULTI_LINE:
        for char in CONTROLS:
            response = client.post(
                "/api/orders",
                json=order_payload(order_item(product), **{field: with_char(field, char)}),
            )
            assert response.status_code == 422, (field, repr(char), response.text)
            assert field in response.json()["errors"], (field, response.json())
    for field in SINGLE_LINE:
        response = client.post(
            "/api/orders",
            json=order_payload(order_item(product), **{field: with_char(field, "\n")}),
        )
        assert response.status_code == 422, (field, response.text)
    for path in ("color", "size"):
        line = order_item(product, **{path: "M\x00" if path == "size" else "Red\x00"})
        response = client.post("/api/orders", json=order_payload(line))
        assert response.status_code == 422 and f"items.0.{path}" in response.json()["errors"]
    first = client.post("/api/orders", json=order_payload(order_item(product)))
    assert first.status_code == 201
    assert first.json()["order_id"].endswith("-001"), "a refused checkout took an order number"


@pytest.mark.parametrize("backend", BACKENDS)
def test_line_breaks_and_tabs_are_kept_where_they_make_sense(
    client_factory: Callable[..., Client], backend: str
) -> None:
    client = client_factory(backend=backend)
    product = stock(client)
    address = "House 12, Street 4\r\nF-7/2\tnear the park"
    response = client.post(
        "/api/orders",
        json=order_payload(
            order_item(product), address=address, notes="Ring twice\nthen call", city="Isla\tmabad"
        ),
    )
    assert response.status_code == 201, response.text
    orders = client.app.state["container"].storage().orders
    stored = client.blocking_portal.call(
        orders.get_by_order_id, OrderId(response.json()["order_id"])
    )
    assert stored.customer.address == address
    assert stored.customer.notes == "Ring twice\nthen call"


def test_other_client_texts_that_reach_postgres_are_4xx(
    client_factory: Callable[..., Client],
) -> None:
    client = client_factory(backend="postgres")
    login = client.post(
        "/api/admin/login", json={"username": "adm\x00in", "password": "pass\x00word1"}
    )
    assert login.status_code == 401
    track = client.get(
        "/api/orders/track", params={"order_id": "BQ-20260101-001\x00", "phone": "0300\x001234567"}
    )
    assert track.status_code == 404
    for query in ({"search": "silk\x00"}, {"color": "Red\x00"}, {"category": "Maxi\x00"}):
        assert client.get("/api/products", params=query).status_code == 422
    assert client.get("/api/products/%00").status_code == 404
