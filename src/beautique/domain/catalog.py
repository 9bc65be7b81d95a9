"""The store's fixed vocabularies: categories and sizes."""

from __future__ import annotations

import re
from enum import StrEnum


class Category(StrEnum):
    """A product category; travels as its label, accepted as label or slug in any case."""

    MAXI = "Maxi"
    LEHANGA_CHOLI = "Lehanga Choli"
    LONG_SHIRT = "Long Shirt"
    SHALWAR_KAMEEZ = "Shalwar Kameez"
    GHARARA = "Gharara"

    @property
    def slug(self) -> str:
        return self.value.lower().replace(" ", "-")

    @classmethod
    def parse(cls, text: str) -> Category | None:
        wanted = re.sub(r"[\s_-]+", " ", text.strip()).lower()
        return next((c for c in cls if c.value.lower() == wanted), None)


class Size(StrEnum):
    """A garment size; lists of sizes are kept in this order."""

    S = "S"
    M = "M"
    L = "L"
    XL = "XL"
    XXL = "XXL"

    @property
    def rank(self) -> int:
        return _SIZE_RANKS[self]

    @classmethod
    def parse(cls, text: str) -> Size | None:
        return next((s for s in cls if s.value == text.strip().upper()), None)


# Looked up for every size of every product read (sizes are kept in this order), so built once.
_SIZE_RANKS = {size: rank for rank, size in enumerate(Size)}
