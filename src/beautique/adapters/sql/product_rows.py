"""The columns of a `products` row, shared by the SQL adapters (each converts what it stores differently)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from beautique.domain.catalog import Category, Size
from beautique.domain.product import Product


def product_values(product: Product) -> dict[str, Any]:
    """Column → Python value (lists as lists, enums as their text)."""
    return {
        "id": product.id,
        "name": product.name,
        "category": product.category.value,
        "description": product.description,
        "regular_price": product.regular_price,
        "sale_price": product.sale_price,
        "images": list(product.images),
        "sizes": [size.value for size in product.sizes],
        "colors": list(product.colors),
        "is_bestseller": product.is_bestseller,
        "is_active": product.is_active,
        "created_at": product.created_at,
        "updated_at": product.updated_at,
        "version": product.version,
    }


def product_from_values(values: Mapping[str, Any]) -> Product:
    """The inverse of `product_values`, once the adapter has turned its stored types back."""
    sizes = (Size(text) for text in values["sizes"])
    return Product(
        id=values["id"],
        name=values["name"],
        category=Category(values["category"]),
        description=values["description"],
        regular_price=values["regular_price"],
        sale_price=values["sale_price"],
        images=tuple(values["images"]),
        sizes=tuple(sorted(sizes, key=lambda size: size.rank)),
        colors=tuple(values["colors"]),
        is_bestseller=bool(values["is_bestseller"]),
        is_active=bool(values["is_active"]),
        created_at=values["created_at"],
        updated_at=values["updated_at"],
        version=values["version"],
    )
