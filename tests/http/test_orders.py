"""POST /api/orders and GET /api/orders/track (contract #5, #6) through the real app."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import pytest
from litestar.testing import TestClient

from beautique.application.queries import OrderQuery
from beautique.domain.order_status import OrderStatus, PaymentStatus
from beautique.domain.product import Product
from tests.unit.test_ordering import make_product

Client = TestClient[Any]
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


def seed(client: Client, **kwargs: Any) -> Product:
    """Store a product through the client's own container (as the admin API would)."""
    product = make_product(**kwargs)
    storage = client.app.state["container"].storage()
    client.blocking_portal.call(storage.products.add, product)
    return product


def order_count(client: Client) -> int:
    storage = client.app.state["container"].storage()
    return int(client.blocking_portal.call(storage.order_queries.list_orders, OrderQuery()).total)


def item(product: Product, **changes: Any) -> dict[str, Any]:
    return {"product_id": str(product.id), "size": "M", "color": "Red", "quantity": 1, **changes}


def body(*items: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {
        "customer_name": "Ayesha Khan",
        "phone": "0300 1234567",
        "whatsapp": "+92 300 1234567",
        "email": "a@example.com",
        "address": "House 12, Street 4, F-7/2",
        "city": "Islamabad",
        "country": "Pakistan",
        "notes": "Call before delivery",
        "payment_method": "Easypaisa",
        "items": list(items),
        **changes,
    }


def assert_422(response: Any, *paths: str) -> dict[str, list[str]]:
    assert response.status_code == 422, response.text
    payload = response.json()
    assert isinstance(payload["detail"], str) and payload["detail"]
    assert set(payload["errors"]) == set(paths), payload
    for path in paths:
        assert path in payload["detail"]
    errors: dict[str, list[str]] = payload["errors"]
    return errors


@pytest.fixture
def shop(client_factory: Callable[..., Client]) -> tuple[Client, Product]:
    client = client_factory()
    return client, seed(client)


# --- the core flow on every backend ----------------------------------------------------------


@pytest.mark.parametrize("backend", ["memory", "sqlite", "postgres"])
def test_place_replay_and_track_on_every_backend(
    client_factory: Callable[..., Client], backend: str
) -> None:
    client = client_factory(backend=backend)
    product = seed(client)
    payload = body(item(product, quantity=2, price=4950.5, name="ignored", image="x.jpg"))
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
    payload = body(item(product), customer_name="  Ayesha Khan  ")
    del payload["email"], payload["country"], payload["notes"]
    response = client.post("/api/orders", json=payload)
    assert response.status_code == 201, response.text
    view = response.json()
    assert view["customer_name"] == "Ayesha Khan"
    assert view["payment_method"] == "Easypaisa"
    assert "idempotent-replayed" not in response.headers
    assert datetime.fromisoformat(view["created_at"]).tzinfo is not None
    storage = client.app.state["container"].storage()
    stored = client.blocking_portal.call(storage.orders.get, UUID(view["id"]))
    assert stored.customer.country == "Pakistan"
    assert stored.customer.email is None


# --- validation: every rule, every message a string --------------------------------------------


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"customer_name": "Al"}, "customer_name"),
        ({"customer_name": "A" * 101}, "customer_name"),
        ({"phone": "12345"}, "phone"),
        ({"phone": "0300 1234567 ext 5"}, "phone"),
        ({"phone": "+92 (300) 123-4567 000"}, "phone"),
        ({"phone": "1234567890123456"}, "phone"),
        ({"phone": "+92 3001234567890"}, "phone"),
        ({"whatsapp": "0300"}, "whatsapp"),
        ({"whatsapp": "call me maybe"}, "whatsapp"),
        ({"email": "not-an-email"}, "email"),
        ({"email": "a" * 250 + "@example.com"}, "email"),
        ({"address": "Short"}, "address"),
        ({"address": "A" * 501}, "address"),
        ({"city": "X"}, "city"),
        ({"city": "C" * 101}, "city"),
        ({"country": "P" * 101}, "country"),
        ({"notes": "N" * 501}, "notes"),
        ({"payment_method": "Cash on delivery"}, "payment_method"),
        ({"payment_method": "easypaisa"}, "payment_method"),
        ({"items": []}, "items"),
    ],
)
def test_each_field_rule(shop: tuple[Client, Product], changes: dict[str, Any], path: str) -> None:
    client, product = shop
    assert_422(client.post("/api/orders", json=body(item(product), **changes)), path)
    assert order_count(client) == 0


def test_all_problems_are_reported_together(shop: tuple[Client, Product]) -> None:
    client, product = shop
    payload = body(
        item(product, quantity=0),
        item(product, quantity=11),
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
    assert_422(client.post("/api/orders", json=body(*[item(product)] * 21)), "items")
    wide = seed(
        client,
        name="Lawn Suit",
        sizes=("S", "M", "L", "XL", "XXL"),
        colors=("Red", "Blue", "Green", "Black"),
    )
    twenty = [item(wide, size=s, color=c) for s in wide.sizes for c in wide.colors]
    full = client.post("/api/orders", json=body(*twenty))
    assert full.status_code == 201, full.text
    assert len(full.json()["items"]) == 20
    assert_422(
        client.post("/api/orders", json=body(item(product, quantity=11))), "items.0.quantity"
    )
    ok = client.post("/api/orders", json=body(item(product, quantity=10)))
    assert ok.status_code == 201


def test_identical_lines_merge_and_the_merged_quantity_is_capped(
    shop: tuple[Client, Product],
) -> None:
    client, product = shop
    merged = client.post(
        "/api/orders",
        json=body(
            item(product, quantity=2),
            item(product, quantity=3, size="m", color="RED"),
            item(product, quantity=1, color="Maroon"),
        ),
    )
    assert merged.status_code == 201, merged.text
    lines = [(i["size"], i["color"], i["quantity"]) for i in merged.json()["items"]]
    assert lines == [("M", "Red", 5), ("M", "Maroon", 1)]
    too_many = client.post(
        "/api/orders", json=body(item(product, quantity=6), item(product, quantity=5))
    )
    assert_422(too_many, "items.0.quantity")


def test_unknown_inactive_product_and_unoffered_options_name_the_line(
    shop: tuple[Client, Product],
) -> None:
    client, product = shop
    draft = seed(client, name="Draft Gharara", active=False)
    unknown = "00000000-0000-4000-8000-000000000000"
    assert_422(
        client.post(
            "/api/orders", json=body(item(product), {**item(product), "product_id": unknown})
        ),
        "items.1.product_id",
    )
    assert_422(client.post("/api/orders", json=body(item(draft))), "items.0.product_id")
    errors = assert_422(
        client.post("/api/orders", json=body(item(product, size="XXL"))), "items.0.size"
    )
    assert "XXL" in errors["items.0.size"][0]
    assert_422(client.post("/api/orders", json=body(item(product, color="Green"))), "items.0.color")
    assert order_count(client) == 0


# --- pricing is the server's --------------------------------------------------------------------


def test_a_tampered_price_is_a_409_naming_product_and_prices(shop: tuple[Client, Product]) -> None:
    client, product = shop
    response = client.post("/api/orders", json=body(item(product, price=1)))
    assert response.status_code == 409
    detail = response.json()["detail"]
    assert "Silk Maxi - Red" in detail and "PKR 1 " in detail and "PKR 4,950.50" in detail
    assert order_count(client) == 0


@pytest.mark.parametrize("price", [None, 4950.5, 4950.50, 4950.499])
def test_the_server_price_is_used_when_the_client_agrees_or_is_silent(
    shop: tuple[Client, Product], price: Any
) -> None:
    client, product = shop
    line = item(product) if price is None else item(product, price=price)
    response = client.post("/api/orders", json=body(line))
    assert response.status_code == 201, response.text
    assert response.json()["items"][0]["price"] == 4950.5


# --- malformed bodies: never a 500 ----------------------------------------------------------


@pytest.mark.parametrize(
    ("payload_of", "path"),
    [
        (lambda p: body(item(p), coupon="FREE"), "coupon"),
        (lambda p: body(item(p, discount=10)), "items.0.discount"),
        (lambda p: body(item(p, quantity="two")), "items.0.quantity"),
        (lambda p: body(item(p, quantity=1.5)), "items.0.quantity"),
        (lambda p: body(item(p, product_id="not-a-uuid")), "items.0.product_id"),
        (lambda p: body(item(p, price="abc")), "items.0.price"),
        (lambda p: body(item(p, price="NaN")), "items.0.price"),
        (lambda p: body(item(p, price=1e300)), "items.0.price"),
        (lambda p: body(item(p, size=3)), "items.0.size"),
        (lambda p: body(customer_name=123), "customer_name"),
        (lambda p: {**body(item(p)), "items": {"0": item(p)}}, "items"),
        (lambda p: {k: v for k, v in body(item(p)).items() if k != "phone"}, "phone"),
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


# --- idempotency ------------------------------------------------------------------------------


def test_the_same_key_with_another_body_is_422(shop: tuple[Client, Product]) -> None:
    client, product = shop
    headers = {"Idempotency-Key": "order-abc"}
    assert client.post("/api/orders", json=body(item(product)), headers=headers).status_code == 201
    other = client.post("/api/orders", json=body(item(product, quantity=2)), headers=headers)
    assert_422(other, "Idempotency-Key")
    assert order_count(client) == 1


def test_a_refused_request_does_not_burn_its_key(shop: tuple[Client, Product]) -> None:
    client, product = shop
    headers = {"Idempotency-Key": "order-retry"}
    first = client.post("/api/orders", json=body(item(product), city="X"), headers=headers)
    assert first.status_code == 422
    # The same key may carry the corrected order: nothing was stored for the refused one.
    fixed = client.post("/api/orders", json=body(item(product)), headers=headers)
    assert fixed.status_code == 201 and "idempotent-replayed" not in fixed.headers


def test_different_keys_place_different_orders(shop: tuple[Client, Product]) -> None:
    client, product = shop
    ids = {
        client.post("/api/orders", json=body(item(product)), headers={"Idempotency-Key": k}).json()[
            "order_id"
        ]
        for k in ("a", "b")
    }
    assert len(ids) == 2


@pytest.mark.parametrize("key", ["", "k" * 256, "has space", "ключ".encode()])
def test_a_malformed_key_is_422(shop: tuple[Client, Product], key: str | bytes) -> None:
    client, product = shop
    response = client.post(
        "/api/orders", json=body(item(product)), headers={"Idempotency-Key": key}
    )
    assert_422(response, "Idempotency-Key")
    assert order_count(client) == 0


def test_a_key_of_255_visible_characters_is_accepted(shop: tuple[Client, Product]) -> None:
    client, product = shop
    key = "!" + "k" * 253 + "~"
    response = client.post(
        "/api/orders", json=body(item(product)), headers={"Idempotency-Key": key}
    )
    assert response.status_code == 201


# --- tracking ---------------------------------------------------------------------------------


def placed(client: Client, product: Product) -> str:
    response = client.post("/api/orders", json=body(item(product)))
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
    storage = client.app.state["container"].storage()
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


# --- rate limits ------------------------------------------------------------------------------


def test_order_creation_is_rate_limited_per_client(client_factory: Callable[..., Client]) -> None:
    client = client_factory(RATE_LIMIT_ORDERS="2")
    product = seed(client)
    assert client.post("/api/orders", json=body(item(product))).status_code == 201
    assert client.post("/api/orders", json=body(item(product), city="X")).status_code == 422
    limited = client.post("/api/orders", json=body(item(product)))
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"]) >= 1
    assert isinstance(limited.json()["detail"], str)
    assert order_count(client) == 1


def test_tracking_is_rate_limited_per_client(client_factory: Callable[..., Client]) -> None:
    client = client_factory(RATE_LIMIT_TRACKING="2")
    params = {"order_id": "BQ-20000101-001", "phone": "03001234567"}
    assert [client.get("/api/orders/track", params=params).status_code for _ in range(2)] == [
        404,
        404,
    ]
    limited = client.get("/api/orders/track", params=params)
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1


def test_openapi_documents_the_order_routes(shop: tuple[Client, Product]) -> None:
    client, _ = shop
    paths = client.get("/docs/openapi.json").json()["paths"]
    post = paths["/api/orders"]["post"]
    assert {"201", "409", "422", "429"} <= set(post["responses"])
    assert "CreatedOrderView" in str(post["responses"]["201"])
    assert any(p["name"] == "Idempotency-Key" for p in post["parameters"])
    assert {"404", "422", "429"} <= set(paths["/api/orders/track"]["get"]["responses"])
