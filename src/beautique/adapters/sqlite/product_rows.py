"""A product as a row of the SQLite `products` table and back: exact paisa prices, JSON lists."""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from typing import Any
from uuid import UUID

import msgspec

from beautique.adapters.sql.product_rows import product_from_columns, product_values
from beautique.domain.product import Product

from .values import from_paisa, from_text, to_paisa, to_text

COLUMNS = (
    "id, name, category, description, regular_paisa, sale_paisa, images, sizes, colors, "
    "is_bestseller, is_active, created_at, updated_at, version"
)


def to_row(product: Product) -> dict[str, Any]:
    values = product_values(product)
    sale = product.sale_price
    return {
        **values,
        "id": str(product.id),
        "regular_paisa": to_paisa(product.regular_price),
        "sale_paisa": None if sale is None else to_paisa(sale),
        "images": json.dumps(values["images"]),
        "sizes": json.dumps(values["sizes"]),
        "colors": json.dumps(values["colors"]),
        "is_bestseller": int(product.is_bestseller),
        "is_active": int(product.is_active),
        "created_at": to_text(product.created_at),
        "updated_at": to_text(product.updated_at),
    }


def product_from_row(row: Sequence[Any]) -> Product:
    """A product from a row of `COLUMNS`, positionally (a catalogue page converts 20 of them on
    every cache miss, so no mapping is built on the way)."""
    (pid, name, category, description, regular, sale, images, sizes, colors, is_bestseller,
     is_active, created_at, updated_at, version) = row  # fmt: skip
    return product_from_columns(
        UUID(pid),
        name,
        category,
        description,
        from_paisa(regular),
        None if sale is None else from_paisa(sale),
        _TEXTS.decode(images),
        _text_list(sizes),
        _text_list(colors),
        is_bestseller,
        is_active,
        from_text(created_at),
        from_text(updated_at),
        version,
    )


# JSON lists of text; size and colour lists repeat across products, so they are decoded once.
_TEXTS = msgspec.json.Decoder(tuple[str, ...])
_text_list = functools.lru_cache(maxsize=512)(_TEXTS.decode)
