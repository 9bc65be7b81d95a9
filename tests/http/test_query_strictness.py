"""Query strings mean one thing: a huge `page` is an empty page (as documented), a parameter
given twice is a 422 naming it, and HEAD is answered wherever GET is."""

from __future__ import annotations

from typing import Any

import pytest
from litestar.testing import TestClient

from tests.http.support import stock

NINETEEN_DIGITS = "9" * 19


@pytest.mark.parametrize("backend", ["memory", "sqlite", "postgres"])
def test_a_nineteen_digit_page_is_an_empty_page(client_factory: Any, backend: str) -> None:
    client = client_factory(backend=backend)
    stock(client)
    for page in (NINETEEN_DIGITS, "1" + "0" * 99):
        response = client.get("/api/products", params={"page": page, "limit": "5"})
        assert response.status_code == 200, response.text
        assert response.json() == {
            "items": [], "total": 1, "page": int(page), "limit": 5, "total_pages": 1,
        }  # fmt: skip


def test_a_page_of_absurd_length_is_422_not_a_crash(client: TestClient[Any]) -> None:
    response = client.get("/api/products", params={"page": "9" * 5000})
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"page"}


@pytest.mark.parametrize(
    ("path", "query", "repeated"),
    [
        ("/api/products", "limit=abc&limit=5", ["limit"]),
        ("/api/products", "page=1&page=1&sort=name&sort=name", ["page", "sort"]),
        ("/api/products/bestsellers", "limit=5&limit=5", ["limit"]),
        ("/api/orders/track", "order_id=BQ-20260101-001&phone=1&phone=2", ["phone"]),
        ("/api/categories", "x=1&x=2", ["x"]),
    ],
)
def test_a_parameter_given_twice_is_422_naming_it(
    client: TestClient[Any], path: str, query: str, repeated: list[str]
) -> None:
    response = client.get(f"{path}?{query}")
    assert response.status_code == 422
    body = response.json()
    assert sorted(body["errors"]) == repeated
    assert all(name in body["detail"] for name in repeated)


def test_head_is_answered_like_get_without_a_body(client: TestClient[Any]) -> None:
    stock(client)
    for path in ("/health", "/health/ready", "/api/products", "/api/categories", "/docs"):
        get, head = client.get(path), client.head(path)
        assert head.status_code == get.status_code == 200, path
        assert head.content == b""
        assert head.headers["content-type"] == get.headers["content-type"]
        assert head.headers["content-length"] == get.headers["content-length"]


def test_head_keeps_catalogue_etags_and_304(client: TestClient[Any]) -> None:
    stock(client)
    etag = client.get("/api/products").headers["etag"]
    head = client.head("/api/products")
    assert head.headers["etag"] == etag
    assert client.head("/api/products", headers={"If-None-Match": etag}).status_code == 304


def test_head_on_a_post_only_route_is_405(client: TestClient[Any]) -> None:
    response = client.head("/api/orders")
    assert response.status_code == 405
    assert response.content == b""
