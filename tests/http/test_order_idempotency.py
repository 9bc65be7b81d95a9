"""Idempotency-Key on POST /api/orders through the real app (contract #5)."""

from __future__ import annotations

import pytest

from beautique.domain.product import Product
from tests.builders import order_item, order_payload
from tests.http.support import Client, assert_422, order_count


def test_the_same_key_with_another_body_is_422(shop: tuple[Client, Product]) -> None:
    client, product = shop
    headers = {"Idempotency-Key": "order-abc"}
    assert (
        client.post(
            "/api/orders", json=order_payload(order_item(product)), headers=headers
        ).status_code
        == 201
    )
    other = client.post(
        "/api/orders", json=order_payload(order_item(product, quantity=2)), headers=headers
    )
    assert_422(other, "Idempotency-Key")
    assert order_count(client) == 1


def test_a_refused_request_does_not_burn_its_key(shop: tuple[Client, Product]) -> None:
    client, product = shop
    headers = {"Idempotency-Key": "order-retry"}
    first = client.post(
        "/api/orders", json=order_payload(order_item(product), city="X"), headers=headers
    )
    assert first.status_code == 422
    # The same key may carry the corrected order: nothing was stored for the refused one.
    fixed = client.post("/api/orders", json=order_payload(order_item(product)), headers=headers)
    assert fixed.status_code == 201 and "idempotent-replayed" not in fixed.headers


def test_different_keys_place_different_orders(shop: tuple[Client, Product]) -> None:
    client, product = shop
    ids = {
        client.post(
            "/api/orders", json=order_payload(order_item(product)), headers={"Idempotency-Key": k}
        ).json()["order_id"]
        for k in ("a", "b")
    }
    assert len(ids) == 2


# Every malformed key is in tests/unit/test_idempotent_checkout.py; here, its 422 and raw bytes.
@pytest.mark.parametrize("key", ["has space", "ключ".encode()])
def test_a_malformed_key_is_422(shop: tuple[Client, Product], key: str | bytes) -> None:
    client, product = shop
    response = client.post(
        "/api/orders", json=order_payload(order_item(product)), headers={"Idempotency-Key": key}
    )
    assert_422(response, "Idempotency-Key")
    assert order_count(client) == 0


def test_a_key_of_255_visible_characters_is_accepted(shop: tuple[Client, Product]) -> None:
    client, product = shop
    key = "!" + "k" * 253 + "~"
    response = client.post(
        "/api/orders", json=order_payload(order_item(product)), headers={"Idempotency-Key": key}
    )
    assert response.status_code == 201
