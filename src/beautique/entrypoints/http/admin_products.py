"""The owner's catalogue (contract #8-#14): list, create, show, revise, deactivate, delete, images.

Every product response carries an ETag naming the product's revision; a PUT sent with If-Match
is applied only to that revision (412 otherwise). Without If-Match, a PUT is applied to the
product as it stands, so two admins changing different fields both keep their change.
"""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Response, Router, delete, get, post, put
from litestar.datastructures import ResponseHeader
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, HeaderParameter, JSONBody, PathParameter

from beautique.application.admin_products import (
    CreateProduct,
    DeactivateProduct,
    DeleteProduct,
    ListAdminProducts,
    ReviseProduct,
    ShowAdminProduct,
)
from beautique.application.catalog import product_id_from
from beautique.application.params import ProductFilters
from beautique.application.product_images import AddProductImages
from beautique.domain.product import MAX_IMAGES

from .dependencies import use_cases
from .docs import ADMIN_SECURITY, error_responses
from .listing_params import (
    ActiveParam,
    BestsellerParam,
    CategoryParam,
    ColorParam,
    LimitParam,
    PageParam,
    SearchParam,
    SizeParam,
    SortParam,
)
from .product_edge import if_match_versions, incoming_files, require_multipart, with_etag
from .schemas.admin_products import (
    DeactivatedOut,
    DeletedOut,
    ImagesAddedOut,
    ImagesUpload,
    ImagesUploadOperation,
    ProductChangesIn,
    ProductIn,
)
from .schemas.catalog import ProductOut, product_to_wire
from .schemas.common import Envelope, envelope

JSON_WRITE_LIMIT = 64 * 1024  # contract §1: admin JSON writes
UPLOAD_SLACK = 1024 * 1024  # multipart headers and boundaries around the files

ProductId = Annotated[str, PathParameter(description="The product's UUID")]
IfMatch = Annotated[
    str | None,
    HeaderParameter(
        name="If-Match",
        required=False,
        description="An ETag from an earlier response: the change is applied only to that "
        "revision of the product (412 if it changed since)",
    ),
]
_ETAG_HEADER = [
    ResponseHeader(name="ETag", description="The product's revision", documentation_only=True)
]


class AdminProductController(Controller):
    path = "/api/admin/products"
    tags = ["admin catalogue"]
    security = ADMIN_SECURITY
    dependencies = use_cases(
        "list_admin_products",
        "show_admin_product",
        "create_product",
        "revise_product",
        "deactivate_product",
        "delete_product",
    )

    @get(
        "/",
        summary="All products, drafts and deactivated ones included",
        responses=error_responses(401, 422),
    )
    async def list_products(
        self,
        list_admin_products: NamedDependency[ListAdminProducts],
        category: CategoryParam = None,
        search: SearchParam = None,
        size: SizeParam = None,
        color: ColorParam = None,
        is_bestseller: BestsellerParam = None,
        is_active: ActiveParam = None,
        sort: SortParam = None,
        page: PageParam = None,
        limit: LimitParam = None,
    ) -> Envelope[ProductOut]:
        query = list_admin_products.query(
            ProductFilters(
                category=category, search=search, size=size, color=color, sort=sort,
                is_bestseller=is_bestseller, is_active=is_active, page=page, limit=limit,
            )
        )  # fmt: skip
        return envelope(await list_admin_products(query), product_to_wire)

    @post(
        "/",
        summary="Add a product",
        request_max_body_size=JSON_WRITE_LIMIT,
        response_headers=_ETAG_HEADER,
        responses=error_responses(400, 401, 409, 413, 415, 422),
    )
    async def create_product(
        self, data: JSONBody[ProductIn], create_product: NamedDependency[CreateProduct]
    ) -> Response[ProductOut]:
        product = await create_product(data.draft())
        return with_etag(product, product_to_wire(product), status_code=201)

    @get(
        "/{product_id:str}",
        summary="One product, active or not",
        response_headers=_ETAG_HEADER,
        responses=error_responses(401, 404),
    )
    async def get_product(
        self, product_id: ProductId, show_admin_product: NamedDependency[ShowAdminProduct]
    ) -> Response[ProductOut]:
        product = await show_admin_product(product_id_from(product_id))
        return with_etag(product, product_to_wire(product))

    @put(
        "/{product_id:str}",
        summary="Change some fields (reactivate with is_active: true)",
        request_max_body_size=JSON_WRITE_LIMIT,
        response_headers=_ETAG_HEADER,
        responses=error_responses(400, 401, 404, 409, 412, 413, 415, 422),
    )
    async def revise_product(
        self,
        product_id: ProductId,
        data: JSONBody[ProductChangesIn],
        revise_product: NamedDependency[ReviseProduct],
        if_match: IfMatch = None,
    ) -> Response[ProductOut]:
        uuid = product_id_from(product_id)
        product = await revise_product(uuid, data.sent(), if_match_versions(if_match, uuid))
        return with_etag(product, product_to_wire(product))

    @delete(
        "/{product_id:str}",
        status_code=200,
        summary="Deactivate (soft delete): hidden from the shop, kept for the owner",
        response_headers=_ETAG_HEADER,
        responses=error_responses(401, 404, 409),
    )
    async def deactivate_product(
        self, product_id: ProductId, deactivate_product: NamedDependency[DeactivateProduct]
    ) -> Response[DeactivatedOut]:
        product = await deactivate_product(product_id_from(product_id))
        return with_etag(product, DeactivatedOut("Product deactivated", product_to_wire(product)))

    @delete(
        "/{product_id:str}/permanent",
        status_code=200,
        summary="Delete for good (orders keep their snapshots; our stored images go too)",
        responses=error_responses(401, 404, 409),
    )
    async def delete_product(
        self, product_id: ProductId, delete_product: NamedDependency[DeleteProduct]
    ) -> DeletedOut:
        await delete_product(product_id_from(product_id))
        return DeletedOut(message="Product permanently deleted")


class AdminProductImagesController(Controller):
    """Its body limit depends on IMAGE_MAX_BYTES, so it is mounted by `product_images_router`."""

    path = "/api/admin/products"
    tags = ["admin catalogue"]
    security = ADMIN_SECURITY
    response_headers = _ETAG_HEADER
    dependencies = use_cases("add_product_images")

    @post(
        "/{product_id:str}/images",
        status_code=200,
        summary=f"Upload 1 to {MAX_IMAGES} JPEG, PNG or WebP photos (all or nothing)",
        guards=[require_multipart],
        operation_class=ImagesUploadOperation,
        responses=error_responses(400, 401, 404, 409, 413, 415, 422, 502),
    )
    async def add_images(
        self,
        product_id: ProductId,
        data: Annotated[ImagesUpload, Body(media_type=RequestEncodingType.MULTI_PART)],
        add_product_images: NamedDependency[AddProductImages],
    ) -> Response[ImagesAddedOut]:
        added = await add_product_images(product_id_from(product_id), incoming_files(data))
        body = ImagesAddedOut(images=added.urls, product=product_to_wire(added.product))
        return with_etag(added.product, body)


def product_images_router(max_image_bytes: int) -> Router:
    """The upload route with a whole-request limit of ten files plus multipart overhead; bigger
    requests are cut off while streaming (413), and the files are spooled to temporary files."""
    return Router(
        path="/",
        route_handlers=[AdminProductImagesController],
        request_max_body_size=MAX_IMAGES * max_image_bytes + UPLOAD_SLACK,
    )
