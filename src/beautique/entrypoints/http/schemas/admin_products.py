"""Wire shapes of the owner's catalogue (contract #8-#14): request bodies and their replies.

Request Structs carry types only (and refuse unknown fields); lengths and ranges are the domain's
rules, checked all at once, and are written into the schema here (`_rule`) so the OpenAPI
document still tells a client what will be accepted.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal
from typing import Annotated, Any

import msgspec
from litestar.datastructures import UploadFile

from beautique.domain.catalog import Category, Size
from beautique.domain.product import MAX_COLORS, MAX_IMAGE_URL, MAX_IMAGES, ProductDraft

from .catalog import ProductOut

_CATEGORIES = [c.value for c in Category]
_SIZES = [s.value for s in Size]


def _rule(description: str | None = None, **schema: Any) -> msgspec.Meta:
    """Documents a rule the domain enforces (msgspec itself would stop at the first broken one)."""
    return msgspec.Meta(extra_json_schema={"description": description, "extra": schema})


Name = Annotated[str, _rule(min_length=3, max_length=255)]
CategoryName = Annotated[
    str, _rule("A category label (its URL slug is accepted too)", enum=_CATEGORIES)
]
Description = Annotated[str, _rule(min_length=10, max_length=2000)]
Price = Annotated[Decimal, _rule("PKR, at most 2 decimals", minimum=0, maximum=1_000_000)]
SalePrice = Annotated[Decimal, _rule("Below regular_price; null: no sale", minimum=0)]
Sizes = Annotated[
    list[str],
    _rule(
        "At least 1, distinct, kept in S..XXL order",
        min_items=1,
        items={"type": "string", "enum": _SIZES},
    ),
]
Colors = Annotated[
    list[str],
    _rule(
        "Distinct ignoring case",
        min_items=1,
        max_items=MAX_COLORS,
        items={"type": "string", "minLength": 1, "maxLength": 50},
    ),
]
Images = Annotated[
    list[str],
    _rule(
        "Absolute https URLs on an allowed image host; an active product needs at least 1",
        max_items=MAX_IMAGES,
        items={"type": "string", "format": "uri", "maxLength": MAX_IMAGE_URL},
    ),
]


class ProductIn(msgspec.Struct, forbid_unknown_fields=True):
    """A new product (contract #9)."""

    name: Name
    category: CategoryName
    description: Description
    regular_price: Price
    sizes: Sizes
    colors: Colors
    sale_price: SalePrice | None = None
    images: Images = msgspec.field(default_factory=list)
    is_bestseller: bool = False
    is_active: bool = True

    def draft(self) -> ProductDraft:
        return ProductDraft(
            name=self.name,
            category=self.category,
            description=self.description,
            regular_price=self.regular_price,
            sale_price=self.sale_price,
            images=self.images,
            sizes=self.sizes,
            colors=self.colors,
            is_bestseller=self.is_bestseller,
            is_active=self.is_active,
        )


class ProductChangesIn(msgspec.Struct, forbid_unknown_fields=True):
    """A partial update (contract #11): a field left out stays as it is; only `sale_price` may be
    null (it clears the sale)."""

    name: Name | msgspec.UnsetType = msgspec.UNSET
    category: CategoryName | msgspec.UnsetType = msgspec.UNSET
    description: Description | msgspec.UnsetType = msgspec.UNSET
    regular_price: Price | msgspec.UnsetType = msgspec.UNSET
    sale_price: SalePrice | msgspec.UnsetType | None = msgspec.UNSET
    images: Images | msgspec.UnsetType = msgspec.UNSET
    sizes: Sizes | msgspec.UnsetType = msgspec.UNSET
    colors: Colors | msgspec.UnsetType = msgspec.UNSET
    is_bestseller: bool | msgspec.UnsetType = msgspec.UNSET
    is_active: bool | msgspec.UnsetType = msgspec.UNSET

    def sent(self) -> dict[str, Any]:
        """The fields the client sent, null included; absent ones are left out."""
        values = {name: getattr(self, name) for name in self.__struct_fields__}
        return {name: value for name, value in values.items() if value is not msgspec.UNSET}


@dataclass
class ImagesUpload:
    """multipart/form-data: 1 to 10 files in `images` (or `files`), each a JPEG, PNG or WebP."""

    images: list[UploadFile] = dataclass_field(default_factory=list)
    files: list[UploadFile] = dataclass_field(default_factory=list)


class DeactivatedOut(msgspec.Struct):
    message: str
    product: ProductOut


class DeletedOut(msgspec.Struct):
    message: str


class ImagesAddedOut(msgspec.Struct):
    images: list[str]
    product: ProductOut
