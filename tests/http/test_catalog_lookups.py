"""GET /api/products/{id}, /api/categories and /api/products/bestsellers (contract endpoints 2-4)
through the real app, on every storage backend."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import uuid4

import pytest
from litestar.testing import TestClient

from tests.builders import make_product
from tests.conftest import BACKENDS
from tests.http.catalog_shop import PRODUCT_KEYS, hours_ago, seed_shop
from tests.http.support import store_products

Factory = Callable[..., TestClient[Any]]


@pytest.mark.parametrize("backend", BACKENDS)
def test_product_detail(client_factory: Factory, backend: str) -> None:
    client = client_factory(backend=backend)
    seed_shop(client)
    listing = client.get("/api/products", params={"search": "silk"}).json()["items"][0]
    response = client.get(f"/api/products/{listing['id']}")
    assert response.status_code == 200
    assert response.json() == listing


@pytest.mark.parametrize("backend", BACKENDS)
def test_inactive_unknown_and_malformed_ids_are_not_found(
    client_factory: Factory, backend: str
) -> None:
    client = client_factory(backend=backend)
    shop = seed_shop(client)
    for product_id in (shop["draft"].id, uuid4(), "not-a-uuid", "1234", "x" * 300):
        response = client.get(f"/api/products/{product_id}")
        assert response.status_code == 404, product_id
        assert response.json() == {"detail": "Product not found"}


@pytest.mark.parametrize("backend", BACKENDS)
def test_categories_list_all_five_in_order_with_active_counts(
    client_factory: Factory, backend: str
) -> None:
    client = client_factory(backend=backend)
    seed_shop(client)
    store_products(client, make_product("Another Gharara", category="Gharara"))
    response = client.get("/api/categories")
    assert response.status_code == 200
    assert response.json() == {
        "categories": [
            {"value": "Maxi", "label": "Maxi", "slug": "maxi", "count": 1},
            {
                "value": "Lehanga Choli",
                "label": "Lehanga Choli",
                "slug": "lehanga-choli",
                "count": 1,
            },
            {"value": "Long Shirt", "label": "Long Shirt", "slug": "long-shirt", "count": 1},
            {
                "value": "Shalwar Kameez",
                "label": "Shalwar Kameez",
                "slug": "shalwar-kameez",
                "count": 0,
            },
            {"value": "Gharara", "label": "Gharara", "slug": "gharara", "count": 2},
        ]
    }


@pytest.mark.parametrize("backend", BACKENDS)
def test_bestsellers_are_active_newest_first_under_the_products_key(
    client_factory: Factory, backend: str
) -> None:
    client = client_factory(backend=backend)
    seed_shop(client)
    store_products(
        client,
        *(
            make_product(f"Best Seller {n:02}", at=hours_ago(10 + n), is_bestseller=True)
            for n in range(10)
        ),
    )
    response = client.get("/api/products/bestsellers")
    assert response.status_code == 200
    products = response.json()["products"]
    assert list(response.json()) == ["products"]
    assert [p["name"] for p in products] == [
        "Silk Maxi - Red", "Bridal Lehanga - Crimson", *(f"Best Seller {n:02}" for n in range(8)),
    ]  # fmt: skip
    assert list(products[0]) == PRODUCT_KEYS
    limited = client.get("/api/products/bestsellers", params={"limit": "1"}).json()["products"]
    assert [p["name"] for p in limited] == ["Silk Maxi - Red"]


# The range rule is tested in tests/unit/test_catalog_use_cases.py; this is the 422 shape.
@pytest.mark.parametrize(("limit", "message"), [("21", "must be at most 20")])
def test_bestseller_limit_out_of_range_is_422(
    client: TestClient[Any], limit: str, message: str
) -> None:
    response = client.get("/api/products/bestsellers", params={"limit": limit})
    assert response.status_code == 422
    assert response.json() == {"detail": f"limit: {message}", "errors": {"limit": [message]}}
