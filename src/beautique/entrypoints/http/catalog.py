"""The public catalogue: GET /api/products, /api/products/bestsellers, /api/products/{id}, /api/categories.

Query parameters are taken as plain strings and parsed by the use case, which reports every bad
parameter of a request at once. Responses go through the catalogue cache (ETag, 304).
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import PathParameter

from beautique.application.catalog import (
    product_id_from,
)
from beautique.application.params import (
    BESTSELLER_LIMITS,
    ProductFilters,
)

from .catalog_cache import cached_json
from .codec import EncodedJSON
from .dependencies import hot_use_cases
from .docs import error_responses, query, success
from .listing_params import (
    BestsellerParam,
    CategoryParam,
    ColorParam,
    LimitParam,
    MaxPriceAlias,
    MaxPriceParam,
    MinPriceAlias,
    MinPriceParam,
    PageParam,
    SearchParam,
    SizeParam,
    SortParam,
)
from .schemas.catalog import (
    BestsellersOut,
    CategoriesOut,
    ProductOut,
    category_to_wire,
    product_to_wire,
)
from .schemas.common import Envelope, envelope
from .schemas.wire import whole


def _ok(data: type[Any], *codes: int) -> dict[int, ResponseSpec]:
    return {200: success(data), **error_responses(*codes)}


_BEST = (BESTSELLER_LIMITS.low, BESTSELLER_LIMITS.high)


class CatalogController(Controller):
    """Active products only: an inactive product is invisible on every public route."""

    path = "/api"
    tags = ["catalogue"]

    @get("/products", summary="Browse active products", responses=_ok(Envelope[ProductOut], 422))
    async def list_products(
        self,
        request: Request[Any, Any, Any],
        category: CategoryParam = None,
        search: SearchParam = None,
        min_price: MinPriceParam = None,
        max_price: MaxPriceParam = None,
        min_price_alias: MinPriceAlias = None,
        max_price_alias: MaxPriceAlias = None,
        size: SizeParam = None,
        color: ColorParam = None,
        is_bestseller: BestsellerParam = None,
        sort: SortParam = None,
        page: PageParam = None,
        limit: LimitParam = None,
    ) -> EncodedJSON:
        browse_catalog = hot_use_cases(request).browse_catalog()
        query = browse_catalog.query(
            ProductFilters(
                category=category, search=search, size=size, color=color, sort=sort,
                min_price=min_price, max_price=max_price,
                min_price_alias=min_price_alias, max_price_alias=max_price_alias,
                is_bestseller=is_bestseller, page=page, limit=limit,
            )
        )  # fmt: skip

        async def read() -> Envelope[ProductOut]:
            return envelope(await browse_catalog(query), product_to_wire)

        return await cached_json(request, ("products", query), read)

    @get(
        "/products/bestsellers",
        summary="Active bestsellers, newest first",
        responses=_ok(BestsellersOut, 422),
    )
    async def list_bestsellers(
        self,
        request: Request[Any, Any, Any],
        limit: Annotated[str | None, query(whole(*_BEST, "How many (default 10)"))] = None,
    ) -> EncodedJSON:
        list_bestsellers = hot_use_cases(request).list_bestsellers()
        count = list_bestsellers.limit(limit)

        async def read() -> BestsellersOut:
            return BestsellersOut(
                products=[product_to_wire(p) for p in await list_bestsellers(count)]
            )

        return await cached_json(request, ("bestsellers", count), read)

    @get("/products/{product_id:str}", summary="One active product", responses=_ok(ProductOut, 404))
    async def get_product(
        self,
        request: Request[Any, Any, Any],
        product_id: Annotated[str, PathParameter(description="The product's UUID")],
    ) -> EncodedJSON:
        show_product = hot_use_cases(request).show_product()
        uuid = product_id_from(product_id)

        async def read() -> ProductOut:
            return product_to_wire(await show_product(uuid))

        return await cached_json(request, ("product", uuid), read)

    @get(
        "/categories",
        summary="The five categories with active product counts",
        responses=_ok(CategoriesOut),
    )
    async def list_categories(
        self,
        request: Request[Any, Any, Any],
    ) -> EncodedJSON:
        list_categories = hot_use_cases(request).list_categories()

        async def read() -> CategoriesOut:
            return CategoriesOut(categories=[category_to_wire(c) for c in await list_categories()])

        return await cached_json(request, ("categories",), read)
