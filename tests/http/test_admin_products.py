"""The owner's catalogue through the real app (contract #8-#13): JSON writes, ETags, the storefront."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import uuid4

import jsonschema_rs
import pytest
from litestar.testing import TestClient

from beautique.application.catalog_cache import DEFAULT_INTERVAL
from tests.http.catalog_shop import with_manual_clock
from tests.product_builders import admin_headers, create_product, product_body

Factory = Callable[..., TestClient[Any]]
BASE = "/api/admin/products"
JSON_NO_BODY = {"Content-Type": "application/json"}


@pytest.fixture
def admin(client: TestClient[Any]) -> tuple[TestClient[Any], dict[str, str]]:
    return client, admin_headers(client)


@pytest.mark.parametrize("backend", ["memory", "sqlite", "postgres"])
def test_create_show_revise_deactivate_reactivate_delete(
    client_factory: Factory, backend: str
) -> None:
    client = client_factory(backend=backend)
    headers = admin_headers(client)
    created = client.post(BASE, json=product_body(sizes=["xl", "S"]), headers=headers)
    assert created.status_code == 201
    product = created.json()
    assert product["sizes"] == ["S", "XL"] and product["effective_price"] == 4950
    assert product["discount_percentage"] == 10 and product["is_active"] is True
    pid = product["id"]
    assert created.headers["etag"] == f'"{pid}-v1"'
    shown = client.get(f"{BASE}/{pid}", headers={**headers, **JSON_NO_BODY})
    assert shown.json() == product and shown.headers["etag"] == f'"{pid}-v1"'

    revised = client.put(
        f"{BASE}/{pid}", json={"sale_price": None, "colors": ["Ruby"]}, headers=headers
    )
    assert revised.status_code == 200, revised.text
    body = revised.json()
    assert (body["sale_price"], body["effective_price"], body["colors"]) == (None, 5500, ["Ruby"])
    assert body["name"] == product["name"] and body["updated_at"] > product["updated_at"]
    assert revised.headers["etag"] == f'"{pid}-v2"'

    gone = client.delete(f"{BASE}/{pid}", headers={**headers, **JSON_NO_BODY})
    assert gone.status_code == 200
    assert gone.json()["message"] == "Product deactivated"
    assert gone.json()["product"]["is_active"] is False
    assert client.get(f"/api/products/{pid}").status_code == 404
    back = client.put(f"{BASE}/{pid}", json={"is_active": True}, headers=headers)
    assert back.json()["is_active"] is True
    assert client.get(f"/api/products/{pid}").status_code == 200

    deleted = client.delete(f"{BASE}/{pid}/permanent", headers={**headers, **JSON_NO_BODY})
    assert deleted.json() == {"message": "Product permanently deleted"}
    assert client.get(f"{BASE}/{pid}", headers=headers).json() == {"detail": "Product not found"}


def test_the_list_includes_drafts_and_filters_like_the_shop(admin: Any) -> None:
    client, headers = admin
    create_product(client, headers, name="Silk Maxi - Red")
    create_product(
        client, headers, name="Draft Gharara", category="gharara", images=[], is_active=False
    )
    listing = client.get(BASE, headers={**headers, **JSON_NO_BODY}).json()
    assert [p["name"] for p in listing["items"]] == ["Draft Gharara", "Silk Maxi - Red"]
    assert (listing["total"], listing["page"], listing["limit"], listing["total_pages"]) == (
        2,
        1,
        20,
        1,
    )

    def names(**query: str) -> list[str]:
        items = client.get(BASE, params=query, headers=headers).json()["items"]
        return [p["name"] for p in items]

    assert names(is_active="false") == ["Draft Gharara"]
    assert names(is_active="TRUE", category="maxi") == ["Silk Maxi - Red"]
    assert names(search="GHARARA") == ["Draft Gharara"]
    bad = client.get(BASE, params={"is_active": "maybe", "limit": "99"}, headers=headers)
    assert bad.status_code == 422
    assert set(bad.json()["errors"]) == {"is_active", "limit"}


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"name": None}, {"name": ["must not be null"]}),
        ({"regular_price": None}, {"regular_price": ["must not be null"]}),
        ({"sale_price": 6000}, {"sale_price": ["must be at least 0 and below regular_price"]}),
        ({"regular_price": 4000}, {"sale_price": ["must be at least 0 and below regular_price"]}),
        ({"images": [], "name": "ab"}, {"name": ["must be 3 to 255 characters"], "images": ["an active product needs at least 1 image"]}),
        ({"images": ["http://evil.example/x.jpg"]}, {"images.0": ["must be an absolute https URL"]}),
        ({"sizes": ["M", "XXXL"]}, {"sizes.1": ["must be one of S, M, L, XL, XXL"]}),
        ({"price": 10}, {"price": ["is not an allowed field"]}),
        ({"is_active": "yes"}, {"is_active": ["must be true or false"]}),
    ],
)  # fmt: skip
def test_bad_changes_are_422_naming_the_field_and_change_nothing(
    admin: Any, body: dict[str, Any], errors: dict[str, list[str]]
) -> None:
    client, headers = admin
    product = create_product(client, headers)
    response = client.put(f"{BASE}/{product['id']}", json=body, headers=headers)
    assert response.status_code == 422
    assert response.json()["errors"] == errors
    assert client.get(f"{BASE}/{product['id']}", headers=headers).json() == product


def test_create_reports_every_rule_at_once(admin: Any) -> None:
    client, headers = admin
    body = product_body(
        name="ab", description="short", colors=[], sizes=["Q"], regular_price=-1, sale_price=None
    )
    response = client.post(BASE, json=body, headers=headers)
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {
        "name",
        "description",
        "colors",
        "sizes.0",
        "regular_price",
    }
    assert client.post(BASE, json={"name": "Silk"}, headers=headers).status_code == 422
    assert client.get(BASE, headers=headers).json()["total"] == 0


def test_if_match_with_the_current_etag_applies_and_a_stale_one_is_412(admin: Any) -> None:
    client, headers = admin
    product = create_product(client, headers)
    url = f"{BASE}/{product['id']}"
    first_etag = client.get(url, headers=headers).headers["etag"]
    ok = client.put(
        url, json={"name": "Silk Maxi - Ruby"}, headers={**headers, "If-Match": first_etag}
    )
    assert ok.status_code == 200
    stale = client.put(
        url, json={"name": "Silk Maxi - Old"}, headers={**headers, "If-Match": first_etag}
    )
    assert stale.status_code == 412
    assert "If-Match" in stale.json()["detail"]
    for tag in (f"W/{ok.headers['etag']}", f'"{uuid4()}-v2"', "garbage"):
        assert (
            client.put(
                url, json={"name": "X y z"}, headers={**headers, "If-Match": tag}
            ).status_code
            == 412
        )
    star = client.put(url, json={"is_bestseller": True}, headers={**headers, "If-Match": "*"})
    assert star.status_code == 200
    assert client.get(url, headers=headers).json()["name"] == "Silk Maxi - Ruby"


def test_unknown_and_malformed_ids_are_404(admin: Any) -> None:
    client, headers = admin
    for pid in (str(uuid4()), "not-a-uuid"):
        for method, path in (("GET", ""), ("PUT", ""), ("DELETE", ""), ("DELETE", "/permanent")):
            response = client.request(
                method, f"{BASE}/{pid}{path}", json={} if method == "PUT" else None, headers=headers
            )
            assert response.status_code == 404, (method, path)
            assert response.json() == {"detail": "Product not found"}


def test_bodies_that_are_not_json_objects(admin: Any) -> None:
    client, headers = admin
    product = create_product(client, headers)
    url = f"{BASE}/{product['id']}"
    assert client.put(url, content=b"{nope", headers={**headers, **JSON_NO_BODY}).status_code == 400
    assert (
        client.put(
            url,
            content=b"name=x",
            headers={**headers, "Content-Type": "application/x-www-form-urlencoded"},
        ).status_code
        == 415
    )
    huge = product_body(description="x" * 70_000)
    assert client.post(BASE, json=huge, headers=headers).status_code == 413


def test_orders_keep_their_snapshot_after_a_permanent_delete(admin: Any) -> None:
    client, headers = admin
    product = create_product(client, headers)
    order = client.post("/api/orders", json={
        "customer_name": "Ayesha Khan", "phone": "0300 1234567", "whatsapp": "0300 1234567",
        "address": "House 12, Street 4, F-7/2", "city": "Islamabad", "payment_method": "Easypaisa",
        "items": [{"product_id": product["id"], "size": "M", "color": "Red", "quantity": 1}],
    })  # fmt: skip
    assert order.status_code == 201, order.text
    client.delete(f"{BASE}/{product['id']}/permanent", headers=headers)
    tracked = client.get(
        "/api/orders/track", params={"order_id": order.json()["order_id"], "phone": "03001234567"}
    )
    assert tracked.json()["items"][0]["name"] == "Silk Maxi - Red"
    assert tracked.json()["items"][0]["price"] == 4950


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_the_storefront_follows_every_admin_write_within_the_interval(
    client_factory: Factory, backend: str
) -> None:
    client = client_factory(backend=backend)
    headers = admin_headers(client)
    clock = with_manual_clock(client)
    product = create_product(client, headers)
    pid = product["id"]

    def shop() -> tuple[Any, ...]:
        clock.now += DEFAULT_INTERVAL + 0.01
        listing = client.get("/api/products").json()
        detail = client.get(f"/api/products/{pid}")
        maxi = client.get("/api/categories").json()["categories"][0]["count"]
        best = [p["id"] for p in client.get("/api/products/bestsellers").json()["products"]]
        price = detail.json()["effective_price"] if detail.status_code == 200 else 404
        return listing["total"], price, maxi, best

    assert shop() == (1, 4950, 1, [])
    client.put(f"{BASE}/{pid}", json={"sale_price": 4000, "is_bestseller": True}, headers=headers)
    assert shop() == (1, 4000, 1, [pid])
    client.delete(f"{BASE}/{pid}", headers=headers)
    assert shop() == (0, 404, 0, [])
    client.put(f"{BASE}/{pid}", json={"is_active": True}, headers=headers)
    assert shop() == (1, 4000, 1, [pid])
    client.delete(f"{BASE}/{pid}/permanent", headers=headers)
    assert shop() == (0, 404, 0, [])


def test_the_openapi_document_describes_the_bodies(client: TestClient[Any]) -> None:
    doc = client.get("/docs/openapi.json").json()
    schemas = doc["components"]["schemas"]
    for name in ("ProductIn", "ProductChangesIn"):
        schema = schemas[name]
        assert schema["additionalProperties"] is False
        props = schema["properties"]
        assert _value(props["regular_price"])["type"] == "number"
        accepts = {
            field: jsonschema_rs.validator_for(prop).is_valid for field, prop in props.items()
        }
        assert accepts["name"]("Silk") and not accepts["name"]("ab")
        assert not accepts["name"]("a" * 256) and not accepts["name"]("Silk\x00Maxi")
        assert accepts["category"]("Maxi") and accepts["category"]("lehanga-choli")
        assert not accepts["category"]("Shoes")
        assert accepts["sizes"](["S", "xl"]) and not accepts["sizes"](["XS"])
        assert not accepts["sizes"]([])
        assert accepts["description"]("Two lines:\nof silk") and not accepts["description"]("short")
    assert schemas["ProductIn"]["required"] == [
        "category",
        "colors",
        "description",
        "name",
        "regular_price",
        "sizes",
    ]
    assert not schemas["ProductChangesIn"].get("required")
    assert schemas["ProductOut"]["properties"]["effective_price"]["type"] == "number"
    put = doc["paths"]["/api/admin/products/{product_id}"]["put"]
    assert {"404", "409", "412", "413", "422"} <= set(put["responses"])
    upload = doc["paths"]["/api/admin/products/{product_id}/images"]["post"]
    assert {"413", "415", "422", "502"} <= set(upload["responses"])
    assert "multipart/form-data" in upload["requestBody"]["content"]


def _value(prop: dict[str, Any]) -> dict[str, Any]:
    """The schema of a field that may be left out or null: its non-null branch."""
    branches = [b for b in prop.get("oneOf", [prop]) if b.get("type") != "null"]
    return branches[0] if len(branches) == 1 else prop
