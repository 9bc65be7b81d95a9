"""HTTP details of the admin catalogue: product ETags and If-Match, and files out of a multipart form."""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

from litestar import Response
from litestar.connection import ASGIConnection
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.handlers import BaseRouteHandler

from beautique.application.errors import UnsupportedMedia
from beautique.application.images import IncomingFile
from beautique.domain.product import Product

from .codec import MoneyJSONResponse
from .schemas.admin_products import ImagesUpload

_ETAG = re.compile(r'"([0-9a-f-]{36})-v([0-9]+)"')


def etag_of(product: Product) -> str:
    return f'"{product.id}-v{product.version}"'


def with_etag(product: Product, content: Any, status_code: int = 200) -> Response[Any]:
    return MoneyJSONResponse(content, status_code=status_code, headers={"ETag": etag_of(product)})


def if_match_versions(header: str | None, product_id: UUID) -> frozenset[int] | None:
    """The revisions an If-Match header accepts (None: no precondition). Strong comparison: a
    weak tag, or a tag of another product, matches nothing."""
    if header is None or header.strip() == "*":
        return None
    tags = (_ETAG.fullmatch(tag.strip()) for tag in header.split(","))
    return frozenset(int(m[2]) for m in tags if m and m[1] == str(product_id))


async def require_multipart(
    connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler
) -> None:
    """Checked before the body is read: anything but a multipart form is refused at once."""
    media = connection.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media != RequestEncodingType.MULTI_PART.value:
        raise UnsupportedMedia(
            "Content-Type must be multipart/form-data with the files in `images`"
        )


def incoming_files(upload: ImagesUpload) -> list[IncomingFile]:
    named = [("images", upload.images), ("files", upload.files)]
    return [
        IncomingFile(field=f"{field}.{index}", size=_size(file), stream=file.file)
        for field, files in named
        for index, file in enumerate(files)
    ]


def _size(file: UploadFile) -> int:
    file.file.seek(0, 2)  # the spooled file is already complete: seeking costs no I/O wait
    size = file.file.tell()
    file.file.seek(0)
    return size
