"""The small shop the public catalogue tests browse: four active products and one draft."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from dependency_injector import providers
from litestar.testing import TestClient

from beautique.domain.product import Product
from tests.builders import make_product
from tests.fakes import ManualMonotonic
from tests.http.support import container_of, store_products

BASE = datetime(2026, 1, 18, 9, 30, tzinfo=UTC)
PRODUCT_KEYS = [
    "id", "name", "category", "description", "regular_price", "sale_price", "effective_price",
    "discount_percentage", "images", "sizes", "colors", "is_bestseller", "is_active",
    "created_at", "updated_at",
]  # fmt: skip


def hours_ago(hours: int) -> datetime:
    return BASE - timedelta(hours=hours)


def seed_shop(client: TestClient[Any]) -> dict[str, Product]:
    """Four active products (newest first: red, gharara, lehanga, shirt) and one inactive draft."""
    shop = {
        "red": make_product(
            "Silk Maxi - Red", at=hours_ago(1), regular="5500", sale="4950", is_bestseller=True
        ),
        "gharara": make_product(
            "Gota Gharara - Yellow", at=hours_ago(2), category="Gharara", regular="16500",
            sizes=["M", "L", "XL"], colors=["Yellow", "Gold"],
            description="Mayun outfit, 100% pure gota_work borders.",
        ),
        "lehanga": make_product(
            "Bridal Lehanga - Crimson", at=hours_ago(3), category="Lehanga Choli",
            regular="185000", sale="150000.50", sizes=["S"], colors=["Crimson"], is_bestseller=True,
        ),
        "shirt": make_product(
            "cambric long shirt", at=hours_ago(4), category="Long Shirt", regular="3300",
            sizes=["XXL"], colors=["White", "Sky Blue"],
        ),
        "draft": make_product(
            "Draft Maxi - Red", at=hours_ago(0), regular="100", images=(), is_active=False,
            is_bestseller=True,
        ),
    }  # fmt: skip
    store_products(client, *shop.values())
    return shop


def names(response: Any) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["name"] for item in response.json()["items"]]


def with_manual_clock(client: TestClient[Any]) -> ManualMonotonic:
    """The client's catalogue cache on a clock the test moves by hand."""
    clock = ManualMonotonic()
    container_of(client).catalog_clock.override(providers.Object(clock))
    return clock
