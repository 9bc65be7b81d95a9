"""Wire shapes of the catalogue: the Product resource (contract §3) and its small explicit mapper."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec

from beautique.application.catalog import CategoryCount
from beautique.domain.product import MAX_COLORS, Product

from .wire import CategoryName, Money, SizeName, describe, entries, whole


class ProductOut(msgspec.Struct):
    """A product as the storefront and the admin panel read it; money as JSON numbers."""

    id: UUID
    name: str
    category: CategoryName
    description: str
    regular_price: Money
    sale_price: Money | None
    effective_price: Money
    discount_percentage: Annotated[int | None, whole(0, 100)]
    images: list[Annotated[str, msgspec.Meta(extra_json_schema={"format": "uri"})]]
    sizes: Annotated[list[SizeName], entries(1)]
    colors: Annotated[list[str], entries(1, MAX_COLORS)]
    is_bestseller: bool
    is_active: bool
    created_at: datetime
    updated_at: datetime


class BestsellersOut(msgspec.Struct):
    products: list[ProductOut]


class CategoryOut(msgspec.Struct):
    value: CategoryName
    label: CategoryName
    slug: str
    count: Annotated[int, describe(minimum=0)]


class CategoriesOut(msgspec.Struct):
    categories: list[CategoryOut]


def product_to_wire(product: Product) -> ProductOut:
    return ProductOut(
        id=product.id,
        name=product.name,
        category=product.category.value,
        description=product.description,
        regular_price=product.regular_price,
        sale_price=product.sale_price,
        effective_price=product.effective_price,
        discount_percentage=product.discount_percentage,
        images=list(product.images),
        sizes=[size.value for size in product.sizes],
        colors=list(product.colors),
        is_bestseller=product.is_bestseller,
        is_active=product.is_active,
        created_at=product.created_at,
        updated_at=product.updated_at,
    )


def category_to_wire(entry: CategoryCount) -> CategoryOut:
    category = entry.category
    return CategoryOut(
        value=category.value, label=category.value, slug=category.slug, count=entry.count
    )
