"""Product: a garment in the catalogue, with its price, size, colour and image rules."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID

from .catalog import Category, Size
from .errors import Problems, RuleViolation
from .money import MAX_PRICE, ZERO, has_at_most_two_decimals, percent_off

MAX_IMAGES = 10
MAX_COLORS = 20
MAX_IMAGE_URL = 500


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
class ImageHostPolicy:
    """Product images must be absolute https URLs on a host the store trusts.

    The one exception is the service's own media URL (`own_media`, e.g.
    `http://127.0.0.1:8000/media/`), accepted exactly as configured, scheme included: a local
    development server has no https, and its own files are as trusted as any."""

    allowed_hosts: frozenset[str]
    own_media: str | None = None

    def problem_with(self, url: str) -> str | None:
        if len(url) > MAX_IMAGE_URL:
            return f"must be at most {MAX_IMAGE_URL} characters"
        if self.is_own(url):
            return None
        try:
            parts = urlsplit(url)
            host = parts.hostname
        except ValueError:  # e.g. "https://[oops": an unbalanced IPv6 bracket
            return "must be an absolute https URL"
        if parts.scheme != "https" or not host:
            return "must be an absolute https URL"
        if host.lower() not in self.allowed_hosts:
            return f"host {host} is not an allowed image host"
        return None

    def is_own(self, url: str) -> bool:
        """A file name right under the service's own media URL (no sub-paths, no query)."""
        if not self.own_media or not url.startswith(self.own_media):
            return False
        name = url.removeprefix(self.own_media)
        return bool(name) and not any(c in name for c in "/?#\\")


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
        return cls(id=product_id, created_at=now, updated_at=now, **_checked(draft, policy))

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
            checked = _checked(merged, policy)
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


def _checked(draft: ProductDraft, policy: ImageHostPolicy) -> dict[str, Any]:
    problems = Problems()
    _check_text(problems, "name", draft.name, 3, 255)
    _check_text(problems, "description", draft.description, 10, 2000)
    category = Category.parse(draft.category)
    if category is None:
        problems.add("category", f"must be one of {', '.join(c.value for c in Category)}")
    _check_prices(problems, draft.regular_price, draft.sale_price)
    sizes = _checked_sizes(problems, draft.sizes)
    colors = _checked_colors(problems, draft.colors)
    _check_images(problems, draft.images, policy, draft.is_active)
    problems.raise_if_any()
    return {
        "name": draft.name,
        "category": category,
        "description": draft.description,
        "regular_price": draft.regular_price,
        "sale_price": draft.sale_price,
        "images": tuple(draft.images),
        "sizes": sizes,
        "colors": colors,
        "is_bestseller": draft.is_bestseller,
        "is_active": draft.is_active,
    }


def _check_text(problems: Problems, field: str, value: str, low: int, high: int) -> None:
    if not low <= len(value) <= high:
        problems.add(field, f"must be {low} to {high} characters")


def _check_prices(problems: Problems, regular: Decimal, sale: Decimal | None) -> None:
    # NaN/Infinity decode from JSON strings and NaN raises on `<`, so finiteness comes
    # first. The decimals check only runs in range: quantize() raises on absurdly long values.
    if not regular.is_finite():
        problems.add("regular_price", "must be a finite number")
    elif not ZERO <= regular <= MAX_PRICE:
        problems.add("regular_price", f"must be between 0 and {MAX_PRICE:,}")
    elif not has_at_most_two_decimals(regular):
        problems.add("regular_price", "must have at most 2 decimal places")
    if sale is None:
        return
    if not sale.is_finite():
        problems.add("sale_price", "must be a finite number")
    elif sale < ZERO or sale > MAX_PRICE or (regular.is_finite() and sale >= regular):
        problems.add("sale_price", "must be at least 0 and below regular_price")
    elif not has_at_most_two_decimals(sale):
        problems.add("sale_price", "must have at most 2 decimal places")


def _checked_sizes(problems: Problems, raw: Sequence[str]) -> tuple[Size, ...]:
    sizes: set[Size] = set()
    for index, text in enumerate(raw):
        size = Size.parse(text)
        if size is None:
            problems.add(f"sizes.{index}", f"must be one of {', '.join(s.value for s in Size)}")
        else:
            sizes.add(size)
    if not raw:
        problems.add("sizes", "must list at least 1 size")
    return tuple(sorted(sizes, key=lambda s: s.rank))


def _checked_colors(problems: Problems, raw: Sequence[str]) -> tuple[str, ...]:
    colors: dict[str, str] = {}  # casefolded -> first spelling: "Red" and "red" are one colour
    for index, color in enumerate(raw):
        if not 1 <= len(color) <= 50:
            problems.add(f"colors.{index}", "must be 1 to 50 characters")
        colors.setdefault(color.casefold(), color)
    if not raw:
        problems.add("colors", "must list at least 1 colour")
    if len(colors) > MAX_COLORS:
        problems.add("colors", f"must list at most {MAX_COLORS} colours")
    return tuple(colors.values())


def _check_images(
    problems: Problems, images: Sequence[str], policy: ImageHostPolicy, is_active: bool
) -> None:
    for index, url in enumerate(images):
        if (problem := policy.problem_with(url)) is not None:
            problems.add(f"images.{index}", problem)
    if len(images) > MAX_IMAGES:
        problems.add("images", f"must hold at most {MAX_IMAGES} images")
    if is_active and not images:
        problems.add("images", "an active product needs at least 1 image")
