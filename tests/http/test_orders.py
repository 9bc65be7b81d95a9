"""POST /api/orders (contract #5) through the real app."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from uuid import UUID

import pytest

from beautique.domain.product import Product
from tests.builders import order_item, order_payload
from tests.http.support import Client, assert_422, container_of, order_count, stock

CREATED_KEYS = {
    "id",
    "order_id",
    "customer_name",
    "items",
    "total_amount",
    "payment_method",
    "payment_status",
    "order_status",
    "delivery_status",
    "order_date",
    "created_at",
}


@pytest.mark.parametrize("backend", ["memory", "sqlite", "postgres"])
def test_place_replay_and_track_on_every_backend(
    client_factory: Callable[..., Client], backend: str
) -> None:
    client = client_factory(backend=backend)
    product = stock(client)
    payload = order_payload(
        order_item(product, quantity=2, price=4950.5, name="ignored", image="x.jpg")
    )
    created = client.post("/api/orders", json=payload, headers={"Idempotency-Key": "k-1"})
    assert created.status_code == 201, created.text
    view = created.json()
    assert set(view) == CREATED_KEYS
    assert view["order_id"].startswith("BQ-") and view["order_id"].endswith("-001")
    assert view["items"] == [
        {
            "product_id": str(product.id),
            "name": "Silk Maxi - Red",
            "size": "M",
            "color": "Red",
            "quantity": 2,
            "price": 4950.5,
            "image": product.images[0],
        }
    ]
    assert view["total_amount"] == 9901
    assert (view["payment_status"], view["order_status"], view["delivery_status"]) == (
        "Pending",
        "Received",
        "Not Started",
    )
    assert created.headers["location"] == f"/api/orders/track?order_id={view['order_id']}"

    replay = client.post("/api/orders", json=payload, headers={"Idempotency-Key": "k-1"})
    assert replay.status_code == 201
    assert replay.headers["idempotent-replayed"] == "true"
    assert replay.content == created.content
    assert replay.headers["location"] == created.headers["location"]
    assert order_count(client) == 1

    tracked = client.get(
        "/api/orders/track", params={"order_id": view["order_id"].lower(), "phone": "03001234567"}
    )
    assert tracked.status_code == 200
    assert tracked.json()["order_id"] == view["order_id"]


def test_created_view_and_defaults(shop: tuple[Client, Product]) -> None:
    client, product = shop
    payload = order_payload(order_item(product), customer_name="  Ayesha Khan  ")
    del payload["email"], payload["country"], payload["notes"]
    response = client.post("/api/orders", json=payload)
    assert response.status_code == 201, response.text
    view = response.json()
    assert view["customer_name"] == "Ayesha Khan"
    assert view["payment_method"] == "Easypaisa"
    assert "idempotent-replayed" not in response.headers
    assert datetime.fromisoformat(view["created_at"]).tzinfo is not None
    storage = container_of(client).storage()
    stored = client.blocking_portal.call(storage.orders.get, UUID(view["id"]))
    assert stored.customer.country == "Pakistan"
    assert stored.customer.email is None


# Every contact rule is in tests/unit/test_checkout_rules.py and the payment methods are in
# tests/unit/test_ordering.py; these two show the 422 shape of a domain rule and a use-case rule.
@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"customer_name": "Al"}, "customer_name"),
        ({"payment_method": "Cash on delivery"}, "payment_method"),
    ],
)
def test_each_field_rule(shop: tuple[Client, Product], changes: dict[str, Any], path: str) -> None:
    client, product = shop
    assert_422(client.post("/api/orders", json=order_payload(order_item(product), **changes)), path)
    assert order_count(client) == 0


def test_all_problems_are_reported_together(shop: tuple[Client, Product]) -> None:
    client, product = shop
    payload = order_payload(
        order_item(product, quantity=0),
        order_item(product, quantity=11),
        customer_name="Al",
        phone="abc",
        city="",
        payment_method="Cash",
    )
    errors = assert_422(
        client.post("/api/orders", json=payload),
        "customer_name",
        "phone",
        "city",
        "payment_method",
        "items.0.quantity",
        "items.1.quantity",
    )
    assert errors["items.1.quantity"] == ["must be 1 to 10"]


def test_line_and_quantity_caps(shop: tuple[Client, Product]) -> None:
    client, product = shop
    assert_422(client.post("/api/orders", json=order_payload(*[order_item(product)] * 21)), "items")
    wide = stock(
        client,
        name="Lawn Suit",
        sizes=("S", "M", "L", "XL", "XXL"),
        colors=("Red", "Blue", "Green", "Black"),
    )
    twenty = [order_item(wide, size=s, color=c) for s in wide.sizes for c in wide.colors]
    full = client.post("/api/orders", json=order_payload(*twenty))
    assert full.status_code == 201, full.text
    assert len(full.json()["items"]) == 20
    assert_422(
        client.post("/api/orders", json=order_payload(order_item(product, quantity=11))),
        "items.0.quantity",
    )
    ok = client.post("/api/orders", json=order_payload(order_item(product, quantity=10)))
    assert ok.status_code == 201


def test_identical_lines_merge_and_the_merged_quantity_is_capped(
    shop: tuple[Client, Product],
) -> None:
    client, product = shop
    merged = client.post(
        "/api/orders",
        json=order_payload(
            order_item(product, quantity=2),
            order_item(product, quantity=3, size="m", color="RED"),
            order_item(product, quantity=1, color="Maroon"),
        ),
    )
    assert merged.status_code == 201, merged.text
    lines = [(i["size"], i["color"], i["quantity"]) for i in merged.json()["items"]]
    assert lines == [("M", "Red", 5), ("M", "Maroon", 1)]
    too_many = client.post(
        "/api/orders",
        json=order_payload(order_item(product, quantity=6), order_item(product, quantity=5)),
    )
    assert_422(too_many, "items.0.quantity")


def test_unknown_inactive_product_and_unoffered_options_name_the_line(
    shop: tuple[Client, Product],
) -> None:
    client, product = shop
    draft = stock(client, name="Draft Gharara", is_active=False)
    unknown = "00000000-0000-4000-8000-000000000000"
    assert_422(
        client.post(
            "/api/orders",
            json=order_payload(order_item(product), {**order_item(product), "product_id": unknown}),
        ),
        "items.1.product_id",
    )
    assert_422(
        client.post("/api/orders", json=order_payload(order_item(draft))), "items.0.product_id"
    )
    errors = assert_422(
        client.post("/api/orders", json=order_payload(order_item(product, size="XXL"))),
        "items.0.size",
    )
    assert "XXL" in errors["items.0.size"][0]
    assert_422(
        client.post("/api/orders", json=order_payload(order_item(product, color="Green"))),
        "items.0.color",
    )
    assert order_count(client) == 0


def test_a_tampered_price_is_a_409_naming_product_and_prices(shop: tuple[Client, Product]) -> None:
    client, product = shop
    response = client.post("/api/orders", json=order_payload(order_item(product, price=1)))
    assert response.status_code == 409
    detail = response.json()["detail"]
    assert "Silk Maxi - Red" in detail and "PKR 1 " in detail and "PKR 4,950.50" in detail
    assert order_count(client) == 0


@pytest.mark.parametrize("price", [None, 4950.5, 4950.50, 4950.499])
def test_the_server_price_is_used_when_the_client_agrees_or_is_silent(
    shop: tuple[Client, Product], price: Any
) -> None:
    client, product = shop
    line = order_item(product) if price is None else order_item(product, price=price)
    response = client.post("/api/orders", json=order_payload(line))
    assert response.status_code == 201, response.text
    assert response.json()["items"][0]["price"] == 4950.5


@pytest.mark.parametrize(
    ("payload_of", "path"),
    [
        (lambda p: order_payload(order_item(p), coupon="FREE"), "coupon"),
        (lambda p: order_payload(order_item(p, discount=10)), "items.0.discount"),
        (lambda p: order_payload(order_item(p, quantity="two")), "items.0.quantity"),
        (lambda p: order_payload(order_item(p, quantity=1.5)), "items.0.quantity"),
        (lambda p: order_payload(order_item(p, product_id="not-a-uuid")), "items.0.product_id"),
        (lambda p: order_payload(order_item(p, price="abc")), "items.0.price"),
        (lambda p: order_payload(order_item(p, price="NaN")), "items.0.price"),
        (lambda p: order_payload(order_item(p, price=1e300)), "items.0.price"),
        (lambda p: order_payload(order_item(p, size=3)), "items.0.size"),
        (lambda p: order_payload(customer_name=123), "customer_name"),
        (lambda p: {**order_payload(order_item(p)), "items": {"0": order_item(p)}}, "items"),
        (
            lambda p: {k: v for k, v in order_payload(order_item(p)).items() if k != "phone"},
            "phone",
        ),
    ],
)
def test_unknown_fields_and_wrong_types_are_422(
    shop: tuple[Client, Product], payload_of: Callable[[Product], Any], path: str
) -> None:
    client, product = shop
    assert_422(client.post("/api/orders", json=payload_of(product)), path)


@pytest.mark.parametrize("raw", [b"{not json", b'{"customer_name": "Ayesha",', b"\xff\xfe"])
def test_a_body_that_is_not_json_is_400(shop: tuple[Client, Product], raw: bytes) -> None:
    client, _ = shop
    response = client.post("/api/orders", content=raw, headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert isinstance(response.json()["detail"], str)


def test_a_json_array_body_is_422(shop: tuple[Client, Product]) -> None:
    client, _ = shop
    response = client.post("/api/orders", json=[1, 2])
    assert response.status_code == 422
    assert isinstance(response.json()["detail"], str)


def test_order_creation_is_rate_limited_per_client(client_factory: Callable[..., Client]) -> None:
    client = client_factory(RATE_LIMIT_ORDERS="2")
    product = stock(client)
    assert client.post("/api/orders", json=order_payload(order_item(product))).status_code == 201
    assert (
        client.post("/api/orders", json=order_payload(order_item(product), city="X")).status_code
        == 422
    )
    limited = client.post("/api/orders", json=order_payload(order_item(product)))
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"]) >= 1
    assert isinstance(limited.json()["detail"], str)
    assert order_count(client) == 1


def test_openapi_documents_the_order_routes(shop: tuple[Client, Product]) -> None:
    client, _ = shop
    paths = client.get("/docs/openapi.json").json()["paths"]
    post = paths["/api/orders"]["post"]
    assert {"201", "409", "422", "429"} <= set(post["responses"])
    assert "CreatedOrderView" in str(post["responses"]["201"])
    assert any(p["name"] == "Idempotency-Key" for p in post["parameters"])
    assert {"404", "422", "429"} <= set(paths["/api/orders/track"]["get"]["responses"])
