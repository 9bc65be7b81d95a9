"""The rules a product's editable fields must satisfy, checked all at once into one RuleViolation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .catalog import Category, Size
from .errors import Problems
from .money import MAX_PRICE, ZERO, has_at_most_two_decimals
from .text import control_problem

if TYPE_CHECKING:
    from .product import ProductDraft

MAX_IMAGES = 10
MAX_COLORS = 20
MAX_IMAGE_URL = 500


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
        if control_problem(url) is not None:
            return "must be an absolute https URL"
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


def checked_fields(draft: ProductDraft, policy: ImageHostPolicy) -> dict[str, Any]:
    problems = Problems()
    _check_text(problems, "name", draft.name, 3, 255)
    _check_text(problems, "description", draft.description, 10, 2000, multiline=True)
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


def _check_text(
    problems: Problems, field: str, value: str, low: int, high: int, *, multiline: bool = False
) -> None:
    if not low <= len(value) <= high:
        problems.add(field, f"must be {low} to {high} characters")
    if (problem := control_problem(value, multiline=multiline)) is not None:
        problems.add(field, problem)


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
        _check_text(problems, f"colors.{index}", color, 1, 50)
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
