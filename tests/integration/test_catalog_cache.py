"""The catalogue cache across instances: two apps sharing one database (Postgres, then one SQLite file).

Each app has its own container, hence its own in-process cache and its own hand-moved clock. A
write through instance A must reach the readers of instance B once B's clock passes the
revalidation interval (0.5 s); before that B may serve its cached copy, and here it does.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from litestar.testing import TestClient

from beautique.application.catalog_cache import DEFAULT_INTERVAL
from beautique.domain.product import Product
from tests.builders import IMAGE_HOSTS, T0, make_product
from tests.http.catalog_shop import hours_ago, with_manual_clock
from tests.http.support import container_of, replace_product, store_products

Factory = Callable[..., TestClient[Any]]
PAST_INTERVAL = DEFAULT_INTERVAL + 0.01


def delete(client: TestClient[Any], product: Product) -> None:
    repository = container_of(client).storage().products
    assert client.blocking_portal.call(repository.delete, product.id)


def price_of(client: TestClient[Any], product: Product) -> Any:
    response = client.get(f"/api/products/{product.id}")
    return (
        response.json()["effective_price"] if response.status_code == 200 else response.status_code
    )


def maxi_count(client: TestClient[Any]) -> int:
    count: int = client.get("/api/categories").json()["categories"][0]["count"]
    return count


@pytest.mark.parametrize("backend", ["postgres", "sqlite"])
def test_a_write_on_one_instance_reaches_the_other_within_the_interval(
    client_factory: Factory, backend: str
) -> None:
    writer, reader = client_factory(backend=backend), client_factory(backend=backend)
    clock = with_manual_clock(reader)
    dress = make_product("Silk Maxi - Red", regular="5500")
    store_products(writer, dress)
    assert price_of(reader, dress) == 5500
    assert [p["name"] for p in reader.get("/api/products").json()["items"]] == ["Silk Maxi - Red"]
    assert maxi_count(reader) == 1
    etag = reader.get("/api/products").headers["etag"]

    # Another instance re-prices the dress: the reader may still show its copy for <= 0.5 s ...
    repriced = dress.revise(
        {"sale_price": Decimal("4400")}, policy=IMAGE_HOSTS, now=T0 + timedelta(minutes=1)
    )
    replace_product(writer, repriced)
    clock.now += DEFAULT_INTERVAL
    assert price_of(reader, dress) == 5500
    assert reader.get("/api/products", headers={"If-None-Match": etag}).status_code == 304

    # ... and after that every cached read is dropped, on every route.
    clock.now += 0.01
    assert price_of(reader, dress) == 4400
    listing = reader.get("/api/products", headers={"If-None-Match": etag})
    assert listing.status_code == 200 and listing.json()["items"][0]["effective_price"] == 4400

    replace_product(writer, repriced.deactivate(T0 + timedelta(minutes=2)))
    clock.now += PAST_INTERVAL
    assert (price_of(reader, dress), maxi_count(reader)) == (404, 0)
    assert reader.get("/api/products").json()["total"] == 0


@pytest.mark.parametrize("backend", ["postgres", "sqlite"])
def test_a_permanent_delete_elsewhere_is_seen_after_the_interval(
    client_factory: Factory, backend: str
) -> None:
    writer, reader = client_factory(backend=backend), client_factory(backend=backend)
    clock = with_manual_clock(reader)
    best = make_product("Gota Gharara - Yellow", category="Gharara", is_bestseller=True)
    store_products(writer, best)
    assert [p["name"] for p in reader.get("/api/products/bestsellers").json()["products"]] == [
        best.name
    ]
    delete(writer, best)
    clock.now += PAST_INTERVAL
    assert reader.get("/api/products/bestsellers").json() == {"products": []}
    assert price_of(reader, best) == 404


@pytest.mark.parametrize("backend", ["postgres", "sqlite"])
def test_two_instances_give_the_same_etag_for_the_same_catalogue(
    client_factory: Factory, backend: str
) -> None:
    """A client moved by a load balancer to another instance still gets its 304."""
    first, second = client_factory(backend=backend), client_factory(backend=backend)
    store_products(
        first, make_product("Silk Maxi - Red"), make_product("Chiffon Maxi - Pink", at=hours_ago(1))
    )
    etag = first.get("/api/products").headers["etag"]
    assert second.get("/api/products", headers={"If-None-Match": etag}).status_code == 304
