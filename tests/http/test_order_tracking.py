"""GET /api/orders/track (contract #6) through the real app."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from beautique.application.queries import OrderQuery
from beautique.domain.order_status import OrderStatus, PaymentStatus
from beautique.domain.product import Product
from tests.builders import order_item, order_payload
from tests.http.support import Client, assert_422, container_of

TRACKING_KEYS = {
    "order_id",
    "customer_name",
    "items",
    "total_amount",
    "payment_method",
    "payment_status",
    "order_status",
    "delivery_status",
    "estimated_delivery",
    "tracking_notes",
    "order_date",
    "history",
}


def placed(client: Client, product: Product) -> str:
    response = client.post("/api/orders", json=order_payload(order_item(product)))
    assert response.status_code == 201, response.text
    order_id: str = response.json()["order_id"]
    return order_id


@pytest.mark.parametrize(
    "phone", ["03001234567", "0300-1234567", "+92 300 1234567", "+923001234567"]
)
def test_tracking_matches_the_normalised_phone(shop: tuple[Client, Product], phone: str) -> None:
    client, product = shop
    order_id = placed(client, product)
    response = client.get("/api/orders/track", params={"order_id": order_id, "phone": phone})
    assert response.status_code == 200, response.text


def test_tracking_view_has_no_contact_data_and_lists_history(shop: tuple[Client, Product]) -> None:
    client, product = shop
    order_id = placed(client, product)
    storage = container_of(client).storage()
    row = client.blocking_portal.call(storage.order_queries.list_orders, OrderQuery()).items[0]
    order = client.blocking_portal.call(storage.orders.get, row.id)
    at = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
    changed = order.change_status(
        payment=PaymentStatus.PAID, order=OrderStatus.PROCESSING, by="admin", now=at
    )
    assert client.blocking_portal.call(storage.orders.save, changed)
    response = client.get(
        "/api/orders/track", params={"order_id": order_id.lower(), "phone": "+92 300 1234567"}
    )
    view = response.json()
    assert set(view) == TRACKING_KEYS
    assert "0300" not in response.text and "House 12" not in response.text
    assert view["estimated_delivery"] is None and view["tracking_notes"] is None
    assert [(h["field"], h["from"], h["to"]) for h in view["history"]] == [
        ("payment_status", "Pending", "Paid"),
        ("order_status", "Received", "Processing"),
    ]
    assert set(view["history"][0]) == {"at", "field", "from", "to"}
    assert datetime.fromisoformat(view["history"][0]["at"]) == at


def test_unknown_order_and_wrong_phone_give_the_same_404(shop: tuple[Client, Product]) -> None:
    client, product = shop
    order_id = placed(client, product)
    attempts = [
        {"order_id": "BQ-20000101-001", "phone": "03001234567"},
        {"order_id": order_id, "phone": "03001234568"},
        {"order_id": "nonsense", "phone": "03001234567"},
        {"order_id": order_id, "phone": "nonsense"},
    ]
    responses = [client.get("/api/orders/track", params=params) for params in attempts]
    assert {r.status_code for r in responses} == {404}
    assert {r.content for r in responses} == {b'{"detail":"Order not found"}'}


@pytest.mark.parametrize(
    ("params", "paths"),
    [
        ({"phone": "03001234567"}, {"order_id"}),
        ({"order_id": "BQ-20260118-001"}, {"phone"}),
        ({}, {"order_id", "phone"}),
        ({"order_id": "", "phone": " "}, {"order_id", "phone"}),
    ],
)
def test_tracking_without_a_parameter_is_422(
    shop: tuple[Client, Product], params: dict[str, str], paths: set[str]
) -> None:
    client, _ = shop
    assert_422(client.get("/api/orders/track", params=params), *paths)


def test_tracking_is_rate_limited_per_client(client_factory: Callable[..., Client]) -> None:
    client = client_factory(RATE_LIMIT_TRACKING="2")
    params = {"order_id": "BQ-20000101-001", "phone": "03001234567"}
    assert [client.get("/api/orders/track", params=params).status_code for _ in range(2)] == [
        404,
        404,
    ]
    limited = client.get("/api/orders/track", params=params)
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
