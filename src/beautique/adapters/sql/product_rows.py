"""The columns of a `products` row, shared by the SQL adapters (each converts what it stores differently)."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

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
    return product_from_columns(*(values[name] for name in COLUMN_NAMES))


# The columns in the order `product_from_columns` takes them (each adapter selects them so).
COLUMN_NAMES = (
    "id", "name", "category", "description", "regular_price", "sale_price", "images", "sizes",
    "colors", "is_bestseller", "is_active", "created_at", "updated_at", "version",
)  # fmt: skip


def product_from_columns(
    product_id: UUID,
    name: str,
    category: str,
    description: str,
    regular_price: Decimal,
    sale_price: Decimal | None,
    images: Iterable[str],
    sizes: Iterable[str],
    colors: Iterable[str],
    is_bestseller: Any,
    is_active: Any,
    created_at: datetime,
    updated_at: datetime,
    version: int,
) -> Product:
    """A product from its columns in `COLUMN_NAMES` order, positionally: a catalogue page builds
    one per row, so no mapping is built on the way."""
    return Product(
        id=product_id,
        name=name,
        category=Category(category),
        description=description,
        regular_price=regular_price,
        sale_price=sale_price,
        images=tuple(images),
        sizes=sizes_in_order(tuple(sizes)),
        colors=tuple(colors),
        is_bestseller=bool(is_bestseller),
        is_active=bool(is_active),
        created_at=created_at,
        updated_at=updated_at,
        version=version,
    )


@functools.lru_cache(maxsize=64)
def sizes_in_order(texts: tuple[str, ...]) -> tuple[Size, ...]:
    """Stored size names as sizes in S..XXL order; a shop has a handful of distinct size lists."""
    return tuple(sorted(map(Size, texts), key=lambda size: size.rank))
