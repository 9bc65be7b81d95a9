"""Wire shapes of the owner's catalogue (contract #8-#14): request bodies and their replies.

Request Structs carry types only (and refuse unknown fields); lengths and ranges are the domain's
rules, checked all at once, and are described here with the shared wire annotations so the OpenAPI
document still tells a client what will be accepted.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal
from typing import Annotated, Any

import msgspec
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.openapi.spec import (
    Encoding,
    OpenAPIFormat,
    OpenAPIMediaType,
    OpenAPIType,
    Operation,
    RequestBody,
    Schema,
)

from beautique.domain.catalog import Category, Size
from beautique.domain.money import MAX_PRICE
from beautique.domain.product import MAX_COLORS, MAX_IMAGE_URL, MAX_IMAGES, ProductDraft

from .catalog import ProductOut
from .wire import LINES_CHAR, Money, amount, any_case, entries, text

Name = Annotated[str, text(3, 255)]
CategoryLabel = Annotated[str, any_case(Category, "A category label or its URL slug")]
Description = Annotated[str, text(10, 2000, char=LINES_CHAR)]
SalePrice = Annotated[Decimal, amount(Decimal(0), MAX_PRICE, "Below regular_price; null: no sale")]
Sizes = Annotated[list[Annotated[str, any_case(Size)]], entries(1, None, "Kept in S..XXL order")]
Colors = Annotated[
    list[Annotated[str, text(1, 50)]], entries(1, None, f"At most {MAX_COLORS} ignoring case")
]
Images = Annotated[
    list[Annotated[str, text(1, MAX_IMAGE_URL, "An https URL on an allowed image host")]],
    entries(0, MAX_IMAGES, "An active product needs at least 1"),
]


class ProductIn(msgspec.Struct, forbid_unknown_fields=True):
    """A new product (contract #9)."""

    name: Name
    category: CategoryLabel
    description: Description
    regular_price: Money
    sizes: Sizes
    colors: Colors
    sale_price: SalePrice | None = None
    images: Images = msgspec.field(default_factory=list)
    is_bestseller: bool = False
    is_active: bool = True

    def draft(self) -> ProductDraft:
        return ProductDraft(**msgspec.structs.asdict(self))  # the very same fields


class ProductChangesIn(msgspec.Struct, forbid_unknown_fields=True):
    """A partial update (contract #11): a field left out stays as it is; only `sale_price` may be
    null (it clears the sale)."""

    name: Name | msgspec.UnsetType = msgspec.UNSET
    category: CategoryLabel | msgspec.UnsetType = msgspec.UNSET
    description: Description | msgspec.UnsetType = msgspec.UNSET
    regular_price: Money | msgspec.UnsetType = msgspec.UNSET
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
    """multipart/form-data: 1 to 10 files in `images` (or `files`), each a JPEG, PNG or WebP.
    Documented by `ImagesUploadOperation`."""

    images: list[UploadFile] = dataclass_field(default_factory=list)
    files: list[UploadFile] = dataclass_field(default_factory=list)


_PHOTO_TYPES = "image/jpeg, image/png, image/webp"


@dataclass
class ImagesUploadOperation(Operation):
    """The upload's request body as clients should send it: `images`, 1 to 10 files, each sent as
    a JPEG, PNG or WebP. Litestar would describe the parsing dataclass instead, with both field
    names optional; `files` stays accepted for older clients but is not advertised."""

    def __post_init__(self) -> None:
        photos = Schema(
            type=OpenAPIType.ARRAY,
            items=Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY),
            min_items=1,
            max_items=MAX_IMAGES,
            description=f"1 to {MAX_IMAGES} photos ({_PHOTO_TYPES}; the content is what counts), "
            "each within the size limit (IMAGE_MAX_BYTES, 5 MB by default); `files` is accepted "
            f"as another name. The product may hold at most {MAX_IMAGES} images afterwards",
        )
        form = Schema(type=OpenAPIType.OBJECT, properties={"images": photos}, required=["images"])
        self.request_body = RequestBody(
            required=True,
            content={
                RequestEncodingType.MULTI_PART.value: OpenAPIMediaType(
                    schema=form,
                    encoding={"images": Encoding(content_type=_PHOTO_TYPES, explode=True)},
                )
            },
        )


class DeactivatedOut(msgspec.Struct):
    message: str
    product: ProductOut


class DeletedOut(msgspec.Struct):
    message: str


class ImagesAddedOut(msgspec.Struct):
    images: list[str]
    product: ProductOut
