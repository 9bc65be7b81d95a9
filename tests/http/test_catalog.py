"""GET /api/products (contract endpoint 1) through the real app, on every storage backend."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from litestar.testing import TestClient

from tests.conftest import BACKENDS
from tests.http.catalog_shop import BASE, PRODUCT_KEYS, names, seed_shop

Factory = Callable[..., TestClient[Any]]


@pytest.fixture(params=BACKENDS)
def shop_client(request: pytest.FixtureRequest, client_factory: Factory) -> TestClient[Any]:
    client = client_factory(backend=request.param)
    seed_shop(client)
    return client


def test_listing_shows_active_products_newest_first_in_the_contract_shape(
    shop_client: TestClient[Any],
) -> None:
    response = shop_client.get("/api/products")
    body = json.loads(response.text, parse_float=Decimal)
    assert names(response) == [
        "Silk Maxi - Red", "Gota Gharara - Yellow", "Bridal Lehanga - Crimson", "cambric long shirt",
    ]  # fmt: skip
    assert {k: body[k] for k in ("total", "page", "limit", "total_pages")} == {
        "total": 4, "page": 1, "limit": 20, "total_pages": 1,
    }  # fmt: skip
    lehanga = body["items"][2]
    assert list(lehanga) == PRODUCT_KEYS
    assert (lehanga["regular_price"], lehanga["sale_price"]) == (185000, Decimal("150000.5"))
    assert (lehanga["effective_price"], lehanga["discount_percentage"]) == (Decimal("150000.5"), 19)
    assert (lehanga["category"], lehanga["sizes"], lehanga["colors"]) == (
        "Lehanga Choli",
        ["S"],
        ["Crimson"],
    )
    assert datetime.fromisoformat(lehanga["created_at"]) == BASE - timedelta(hours=3)
    shirt = body["items"][3]
    assert (shirt["sale_price"], shirt["effective_price"], shirt["discount_percentage"]) == (
        None,
        3300,
        None,
    )


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"category": "Gharara"}, ["Gota Gharara - Yellow"]),
        ({"category": "lehanga-choli"}, ["Bridal Lehanga - Crimson"]),
        ({"category": "LEHANGA CHOLI"}, ["Bridal Lehanga - Crimson"]),
        ({"category": "maxi"}, ["Silk Maxi - Red"]),
        ({"search": "SILK"}, ["Silk Maxi - Red"]),
        ({"search": "gota_work"}, ["Gota Gharara - Yellow"]),
        ({"search": "_"}, ["Gota Gharara - Yellow"]),
        ({"search": "100%"}, ["Gota Gharara - Yellow"]),
        ({"search": "%"}, ["Gota Gharara - Yellow"]),
        (
            {"search": "lovely"},
            ["Silk Maxi - Red", "Bridal Lehanga - Crimson", "cambric long shirt"],
        ),
        ({"min_price": "4950", "max_price": "16500"}, ["Silk Maxi - Red", "Gota Gharara - Yellow"]),
        ({"min_price": "5000"}, ["Gota Gharara - Yellow", "Bridal Lehanga - Crimson"]),
        ({"minPrice": "150000.50"}, ["Bridal Lehanga - Crimson"]),
        ({"maxPrice": "3300"}, ["cambric long shirt"]),
        ({"min_price": "150000.51"}, []),
        ({"size": "xxl"}, ["cambric long shirt"]),
        ({"size": "S"}, ["Silk Maxi - Red", "Bridal Lehanga - Crimson"]),
        ({"color": "sky blue"}, ["cambric long shirt"]),
        ({"color": "RED"}, ["Silk Maxi - Red"]),
        ({"is_bestseller": "true"}, ["Silk Maxi - Red", "Bridal Lehanga - Crimson"]),
        ({"is_bestseller": "false"}, ["Gota Gharara - Yellow", "cambric long shirt"]),
        (
            {"category": "Maxi", "color": "red", "is_bestseller": "true", "size": "m"},
            ["Silk Maxi - Red"],
        ),
        (
            {"category": "", "search": "", "sort": ""},
            [
                "Silk Maxi - Red",
                "Gota Gharara - Yellow",
                "Bridal Lehanga - Crimson",
                "cambric long shirt",
            ],
        ),
    ],
)
def test_each_filter(
    shop_client: TestClient[Any], params: dict[str, str], expected: list[str]
) -> None:
    assert names(shop_client.get("/api/products", params=params)) == expected


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (
            "newest",
            [
                "Silk Maxi - Red",
                "Gota Gharara - Yellow",
                "Bridal Lehanga - Crimson",
                "cambric long shirt",
            ],
        ),
        (
            "price_asc",
            [
                "cambric long shirt",
                "Silk Maxi - Red",
                "Gota Gharara - Yellow",
                "Bridal Lehanga - Crimson",
            ],
        ),
        (
            "price_desc",
            [
                "Bridal Lehanga - Crimson",
                "Gota Gharara - Yellow",
                "Silk Maxi - Red",
                "cambric long shirt",
            ],
        ),
        (
            "name",
            [
                "Bridal Lehanga - Crimson",
                "cambric long shirt",
                "Gota Gharara - Yellow",
                "Silk Maxi - Red",
            ],
        ),
    ],
)
def test_each_sort(shop_client: TestClient[Any], sort: str, expected: list[str]) -> None:
    assert names(shop_client.get("/api/products", params={"sort": sort})) == expected


def test_paging_and_a_page_past_the_end(shop_client: TestClient[Any]) -> None:
    second = shop_client.get("/api/products", params={"limit": "3", "page": "2"})
    assert names(second) == ["cambric long shirt"]
    assert second.json() | {"items": None} == {
        "items": None, "total": 4, "page": 2, "limit": 3, "total_pages": 2,
    }  # fmt: skip
    past = shop_client.get("/api/products", params={"limit": "3", "page": "3"}).json()
    assert (past["items"], past["total"], past["total_pages"]) == ([], 4, 2)
    far = shop_client.get("/api/products", params={"page": "999999999999999999"}).json()
    assert (far["items"], far["total"]) == ([], 4)


def test_an_empty_catalogue_has_one_empty_page(client: TestClient[Any]) -> None:
    assert client.get("/api/products").json() == {
        "items": [], "total": 0, "page": 1, "limit": 20, "total_pages": 1,
    }  # fmt: skip


# Every rule and message is in tests/unit/test_product_filters.py; these show the 422 shape.
@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("page=0", "page", "must be at least 1"),
        ("minPrice=10&maxPrice=5", "min_price", "must not be greater than max_price"),
    ],
)
def test_each_bad_parameter_is_a_422_naming_it(
    client: TestClient[Any], query: str, field: str, message: str
) -> None:
    response = client.get(f"/api/products?{query}")
    assert response.status_code == 422
    assert response.json() == {"detail": f"{field}: {message}", "errors": {field: [message]}}


def test_all_bad_parameters_are_reported_together(client: TestClient[Any]) -> None:
    response = client.get("/api/products?page=0&limit=51&sort=x&size=q&category=zz")
    assert response.status_code == 422
    body = response.json()
    assert set(body["errors"]) == {"page", "limit", "sort", "size", "category"}
    assert isinstance(body["detail"], str) and "page: must be at least 1" in body["detail"]


def test_openapi_documents_the_catalogue_routes(client: TestClient[Any]) -> None:
    paths = client.get("/docs/openapi.json").json()["paths"]
    for path in (
        "/api/products",
        "/api/products/bestsellers",
        "/api/products/{product_id}",
        "/api/categories",
    ):
        assert "get" in paths[path], path
    listing = paths["/api/products"]["get"]
    assert {"200", "422"} <= set(listing["responses"])
    params = {p["name"]: p["schema"]["anyOf"][0] for p in listing["parameters"]}  # or ""
    assert params["page"]["type"] == "integer" and params["minPrice"]["type"] == "number"
    assert "404" in paths["/api/products/{product_id}"]["get"]["responses"]
