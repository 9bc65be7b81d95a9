"""The public catalogue (contract endpoints 1-4) through the real app, on every storage backend."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import uuid4

import pytest
from dependency_injector import providers
from litestar.testing import TestClient

from beautique.domain.product import ImageHostPolicy, Product, ProductDraft

BASE = datetime(2026, 1, 18, 9, 30, tzinfo=UTC)
POLICY = ImageHostPolicy(frozenset({"res.cloudinary.com"}))
IMAGE = "https://res.cloudinary.com/demo/image/upload/v1/beautique/{}.jpg"
PRODUCT_KEYS = [
    "id", "name", "category", "description", "regular_price", "sale_price", "effective_price",
    "discount_percentage", "images", "sizes", "colors", "is_bestseller", "is_active",
    "created_at", "updated_at",
]  # fmt: skip
BACKENDS = ["memory", "sqlite", "postgres"]
Factory = Callable[..., TestClient[Any]]


def make_product(name: str, *, age: int = 0, images: int = 1, **fields: Any) -> Product:
    """A valid product `age` hours older than BASE; keyword fields override the draft's."""
    sale = fields.pop("sale", None)
    draft = ProductDraft(
        name=name,
        category=fields.pop("category", "Maxi"),
        description=fields.pop("description", "A lovely garment for every day."),
        regular_price=Decimal(fields.pop("regular", "5500")),
        sale_price=Decimal(sale) if sale is not None else None,
        images=[IMAGE.format(f"{name}-{n}".replace(" ", "-")) for n in range(images)],
        sizes=fields.pop("sizes", ["S", "M"]),
        colors=fields.pop("colors", ["Red"]),
        **fields,
    )
    return Product.create(draft, policy=POLICY, product_id=uuid4(), now=BASE - timedelta(hours=age))


def add(client: TestClient[Any], *products: Product) -> None:
    """Store products through the repository of the client's own container (its event loop)."""
    repository = client.app.state["container"].storage().products
    for product in products:
        client.blocking_portal.call(repository.add, product)


def update(client: TestClient[Any], product: Product) -> None:
    repository = client.app.state["container"].storage().products
    assert client.blocking_portal.call(repository.update, product)


class ManualClock:
    """The cache's monotonic clock, moved by hand instead of sleeping."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def with_manual_clock(client: TestClient[Any]) -> ManualClock:
    clock = ManualClock()
    client.app.state["container"].catalog_clock.override(providers.Object(clock))
    return clock


def seed_shop(client: TestClient[Any]) -> dict[str, Product]:
    """Four active products (newest first: red, gharara, lehanga, shirt) and one inactive draft."""
    shop = {
        "red": make_product("Silk Maxi - Red", age=1, regular="5500", sale="4950", is_bestseller=True),
        "gharara": make_product(
            "Gota Gharara - Yellow", age=2, category="Gharara", regular="16500",
            sizes=["M", "L", "XL"], colors=["Yellow", "Gold"],
            description="Mayun outfit, 100% pure gota_work borders.",
        ),
        "lehanga": make_product(
            "Bridal Lehanga - Crimson", age=3, category="Lehanga Choli", regular="185000",
            sale="150000.50", sizes=["S"], colors=["Crimson"], is_bestseller=True,
        ),
        "shirt": make_product(
            "cambric long shirt", age=4, category="Long Shirt", regular="3300", sizes=["XXL"],
            colors=["White", "Sky Blue"],
        ),
        "draft": make_product(
            "Draft Maxi - Red", age=0, regular="100", images=0, is_active=False, is_bestseller=True
        ),
    }  # fmt: skip
    add(client, *shop.values())
    return shop


def names(response: Any) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["name"] for item in response.json()["items"]]


@pytest.fixture(params=BACKENDS)
def shop_client(request: pytest.FixtureRequest, client_factory: Factory) -> TestClient[Any]:
    client = client_factory(backend=request.param)
    seed_shop(client)
    return client


# --- GET /api/products -------------------------------------------------------------------


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


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("page=0", "page", "must be at least 1"),
        ("page=abc", "page", "must be a whole number"),
        ("limit=0", "limit", "must be at least 1"),
        ("limit=51", "limit", "must be at most 50"),
        ("min_price=10&max_price=5", "min_price", "must not be greater than max_price"),
        ("minPrice=10&maxPrice=5", "min_price", "must not be greater than max_price"),
        ("min_price=cheap", "min_price", "must be a number from 0 to 1,000,000,000"),
        ("max_price=-1", "max_price", "must be a number from 0 to 1,000,000,000"),
        ("min_price=1.001", "min_price", "must have at most 2 decimal places"),
        (
            "category=Saree",
            "category",
            "must be one of Maxi, Lehanga Choli, Long Shirt, Shalwar Kameez, Gharara",
        ),
        (f"search={'a' * 101}", "search", "must be at most 100 characters"),
        ("search=a%00b", "search", "must not contain control characters"),
        ("sort=popular", "sort", "must be one of newest, price_asc, price_desc, name"),
        ("size=XS", "size", "must be one of S, M, L, XL, XXL"),
        ("is_bestseller=yes", "is_bestseller", "must be true or false"),
        ("color=" + "c" * 51, "color", "must be at most 50 characters"),
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


# --- GET /api/products/{id} ----------------------------------------------------------------


def test_product_detail(shop_client: TestClient[Any]) -> None:
    listing = shop_client.get("/api/products", params={"search": "silk"}).json()["items"][0]
    response = shop_client.get(f"/api/products/{listing['id']}")
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


# --- GET /api/categories -------------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_categories_list_all_five_in_order_with_active_counts(
    client_factory: Factory, backend: str
) -> None:
    client = client_factory(backend=backend)
    seed_shop(client)
    add(client, make_product("Another Gharara", category="Gharara"))
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


# --- GET /api/products/bestsellers ---------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_bestsellers_are_active_newest_first_under_the_products_key(
    client_factory: Factory, backend: str
) -> None:
    client = client_factory(backend=backend)
    seed_shop(client)
    add(
        client,
        *(make_product(f"Best Seller {n:02}", age=10 + n, is_bestseller=True) for n in range(10)),
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


@pytest.mark.parametrize(
    ("limit", "message"),
    [("0", "must be at least 1"), ("21", "must be at most 20"), ("many", "must be a whole number")],
)
def test_bestseller_limit_out_of_range_is_422(
    client: TestClient[Any], limit: str, message: str
) -> None:
    response = client.get("/api/products/bestsellers", params={"limit": limit})
    assert response.status_code == 422
    assert response.json() == {"detail": f"limit: {message}", "errors": {"limit": [message]}}


# --- caching -------------------------------------------------------------------------------


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
    update(client, shop["red"].deactivate(BASE + timedelta(days=1)))
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
