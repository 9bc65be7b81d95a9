"""Product: a garment in the catalogue, with its price, size, colour and image rules."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from .catalog import Category, Size
from .errors import Problems, RuleViolation
from .money import percent_off
from .product_rules import MAX_COLORS, MAX_IMAGE_URL, MAX_IMAGES, ImageHostPolicy, checked_fields

__all__ = [
    "MAX_COLORS",
    "MAX_IMAGES",
    "MAX_IMAGE_URL",
    "ImageHostPolicy",
    "Product",
    "ProductDraft",
]


@dataclass(frozen=True, slots=True)
class ProductDraft:
    """The editable fields of a product as a client sends them, not yet checked."""

    name: str
    category: str
    description: str
    regular_price: Decimal
    sale_price: Decimal | None = None
    images: Sequence[str] = ()
    sizes: Sequence[str] = ()
    colors: Sequence[str] = ()
    is_bestseller: bool = False
    is_active: bool = True


@dataclass(frozen=True, slots=True)
class Product:
    """A catalogue item. An active product has at least one image; a sale is below the regular price."""

    id: UUID
    name: str
    category: Category
    description: str
    regular_price: Decimal
    sale_price: Decimal | None
    images: tuple[str, ...]
    sizes: tuple[Size, ...]
    colors: tuple[str, ...]
    is_bestseller: bool
    is_active: bool
    created_at: datetime
    updated_at: datetime
    # The revision: 1 when created, one more for every change. Storage keeps a change only if
    # it still holds the revision the change was made from (compare-and-set), so two admins
    # editing at once never overwrite each other.
    version: int = 1

    @classmethod
    def create(
        cls, draft: ProductDraft, *, policy: ImageHostPolicy, product_id: UUID, now: datetime
    ) -> Product:
        return cls(id=product_id, created_at=now, updated_at=now, **checked_fields(draft, policy))

    @property
    def effective_price(self) -> Decimal:
        return self.sale_price if self.sale_price is not None else self.regular_price

    @property
    def discount_percentage(self) -> int | None:
        return percent_off(self.regular_price, self.sale_price)

    def draft(self) -> ProductDraft:
        return ProductDraft(
            name=self.name,
            category=self.category.value,
            description=self.description,
            regular_price=self.regular_price,
            sale_price=self.sale_price,
            images=self.images,
            sizes=[s.value for s in self.sizes],
            colors=self.colors,
            is_bestseller=self.is_bestseller,
            is_active=self.is_active,
        )

    def revise(
        self, changes: Mapping[str, Any], *, policy: ImageHostPolicy, now: datetime
    ) -> Product:
        """Apply a partial update; the rules are checked on the merged result.

        Only `sale_price` may be null (no sale); a null for any other field is refused."""
        problems = Problems()
        for field in sorted(set(changes) - _EDITABLE):
            problems.add(field, "is not an editable field")
        for field in sorted(set(changes) & _EDITABLE - {"sale_price"}):
            if changes[field] is None:
                problems.add(field, "must not be null")
        kept = {k: v for k, v in changes.items() if k in _EDITABLE and k not in problems}
        merged = dataclasses.replace(self.draft(), **kept)
        try:
            checked = checked_fields(merged, policy)
        except RuleViolation as violation:
            problems.absorb(violation)
            raise RuleViolation(problems.errors) from None
        problems.raise_if_any()
        return self._next(updated_at=now, **checked)

    def deactivate(self, now: datetime) -> Product:
        return self._next(is_active=False, updated_at=now)

    def check_room_for_images(self, count: int) -> None:
        """Refuse adding `count` images when the product would then hold more than allowed."""
        if len(self.images) + count > MAX_IMAGES:
            raise RuleViolation(
                {
                    "images": [
                        f"a product holds at most {MAX_IMAGES} images; it has "
                        f"{len(self.images)} and {count} more were sent"
                    ]
                }
            )

    def _next(self, **changes: Any) -> Product:
        return dataclasses.replace(self, version=self.version + 1, **changes)

    def has_size(self, size: str) -> bool:
        return Size.parse(size) in self.sizes

    def has_color(self, color: str) -> bool:
        wanted = color.strip().casefold()
        return any(c.casefold() == wanted for c in self.colors)

    def with_images(
        self, urls: Iterable[str], *, policy: ImageHostPolicy, now: datetime
    ) -> Product:
        return self.revise({"images": [*self.images, *urls]}, policy=policy, now=now)


_EDITABLE = frozenset(f.name for f in dataclasses.fields(ProductDraft))
