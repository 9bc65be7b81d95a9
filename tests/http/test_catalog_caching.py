"""The public catalogue's HTTP caching: strong ETags, 304s, and changes seen within the interval."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import uuid4

import pytest
from litestar.testing import TestClient

from tests.http.catalog_shop import BASE, names, seed_shop, with_manual_clock
from tests.http.support import replace_product


@pytest.mark.parametrize(
    "path",
    ["/api/products", "/api/products/bestsellers", "/api/categories", "/api/products?sort=name"],
)
def test_responses_carry_a_strong_etag_and_304_when_it_matches(
    client: TestClient[Any], path: str
) -> None:
    seed_shop(client)
    first = client.get(path)
    etag = first.headers["etag"]
    assert etag.startswith('"') and etag.endswith('"') and not etag.startswith("W/")
    assert first.headers["cache-control"] == "no-cache"
    for header in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        again = client.get(path, headers={"If-None-Match": header})
        assert again.status_code == 304, header
        assert again.content == b""
        assert (again.headers["etag"], again.headers["cache-control"]) == (etag, "no-cache")
    changed = client.get(path, headers={"If-None-Match": '"something-else"'})
    assert (changed.status_code, changed.text) == (200, first.text)


def test_product_detail_revalidates_with_its_etag(client: TestClient[Any]) -> None:
    shop = seed_shop(client)
    first = client.get(f"/api/products/{shop['red'].id}")
    again = client.get(
        f"/api/products/{shop['red'].id}", headers={"If-None-Match": first.headers["etag"]}
    )
    assert again.status_code == 304


def test_errors_are_not_cached_and_carry_no_etag(client: TestClient[Any]) -> None:
    missing = client.get(f"/api/products/{uuid4()}")
    assert missing.status_code == 404 and "etag" not in missing.headers
    bad = client.get("/api/products?page=0")
    assert bad.status_code == 422 and "etag" not in bad.headers


def test_a_change_shows_within_the_interval_with_a_new_etag(client: TestClient[Any]) -> None:
    clock = with_manual_clock(client)
    shop = seed_shop(client)
    first = client.get("/api/products")
    replace_product(client, shop["red"].deactivate(BASE + timedelta(days=1)))
    clock.now += 0.6
    second = client.get("/api/products", headers={"If-None-Match": first.headers["etag"]})
    assert second.status_code == 200
    assert second.headers["etag"] != first.headers["etag"]
    assert "Silk Maxi - Red" not in names(second)


def test_equivalent_queries_share_one_etag(client: TestClient[Any]) -> None:
    seed_shop(client)
    etags = {
        client.get("/api/products", params=params).headers["etag"]
        for params in (
            {"category": "Lehanga Choli", "min_price": "10"},
            {"min_price": "10.00", "category": "lehanga-choli"},
        )
    }
    assert len(etags) == 1
