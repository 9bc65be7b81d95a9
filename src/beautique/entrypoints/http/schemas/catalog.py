"""Wire shapes of the catalogue: the Product resource (contract §3) and its mappers."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec

from beautique.application.catalog import CategoryCount
from beautique.domain.product import MAX_COLORS, Product

from .common import mapper
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


product_to_wire = mapper(
    Product,
    ProductOut,
    category="category.value",
    images=lambda product: list(product.images),
    sizes=lambda product: [size.value for size in product.sizes],
    colors=lambda product: list(product.colors),
)
category_to_wire = mapper(
    CategoryCount, CategoryOut, value="category.value", label="category.value", slug="category.slug"
)
