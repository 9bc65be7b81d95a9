"""The public catalogue: GET /api/products, /api/products/bestsellers, /api/products/{id}, /api/categories.

Query parameters are taken as plain strings and parsed by the use case, which reports every bad
parameter of a request at once. Responses go through the catalogue cache (ETag, 304).
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import PathParameter, QueryParameter

from beautique.application.catalog import (
    BrowseCatalog,
    ListBestsellers,
    ListCategories,
    ShowProduct,
    product_id_from,
)
from beautique.application.params import ProductFilters
from beautique.domain.catalog import Category, Size

from .catalog_cache import cached_json
from .codec import EncodedJSON
from .dependencies import provide
from .docs import error_responses
from .schemas.catalog import (
    BestsellersOut,
    CategoriesOut,
    ProductOut,
    category_to_wire,
    product_to_wire,
)
from .schemas.common import Envelope, envelope


def _doc(description: str, query: str | None = None, **schema: Any) -> Any:
    """An optional query parameter, documented with the type it is parsed as (it arrives as text)."""
    if "type" in schema:
        schema["oneOf"] = None  # replaces the `string | null` Litestar infers from the annotation
    return QueryParameter(
        name=query, description=description, required=False, schema_extra=schema or None
    )


def _ok(data: type[Any], *codes: int) -> dict[int, ResponseSpec]:
    return {200: ResponseSpec(data_container=data, description="OK"), **error_responses(*codes)}


_SIZES = ", ".join(s.value for s in Size)
_CATEGORIES = ", ".join(c.value for c in Category)
_PRICE = "Effective price bound, inclusive (PKR, up to 2 decimals)"


class CatalogController(Controller):
    """Active products only: an inactive product is invisible on every public route."""

    path = "/api"
    tags = ["catalogue"]
    dependencies = {
        "browse": provide(lambda c: c.browse_catalog()),
        "show": provide(lambda c: c.show_product()),
        "categories": provide(lambda c: c.list_categories()),
        "bestsellers": provide(lambda c: c.list_bestsellers()),
    }

    @get("/products", summary="Browse active products", responses=_ok(Envelope[ProductOut], 422))
    async def list_products(
        self,
        request: Request[Any, Any, Any],
        browse: NamedDependency[BrowseCatalog],
        category: Annotated[str | None, _doc(f"{_CATEGORIES}; label or slug, any case")] = None,
        search: Annotated[
            str | None, _doc("Substring of name or description", maxLength=100)
        ] = None,
        min_price: Annotated[str | None, _doc(_PRICE, type="number", minimum=0)] = None,
        max_price: Annotated[str | None, _doc(_PRICE, type="number", minimum=0)] = None,
        min_price_alias: Annotated[
            str | None, _doc("Alias of min_price", "minPrice", type="number", minimum=0)
        ] = None,
        max_price_alias: Annotated[
            str | None, _doc("Alias of max_price", "maxPrice", type="number", minimum=0)
        ] = None,
        size: Annotated[str | None, _doc(f"One of {_SIZES}, any case")] = None,
        color: Annotated[str | None, _doc("Colour the product has, any case")] = None,
        is_bestseller: Annotated[str | None, _doc("true or false", type="boolean")] = None,
        sort: Annotated[str | None, _doc("newest (default), price_asc, price_desc or name")] = None,
        page: Annotated[
            str | None, _doc("Page number", type="integer", minimum=1, default=1)
        ] = None,
        limit: Annotated[
            str | None, _doc("Page size", type="integer", minimum=1, maximum=50, default=20)
        ] = None,
    ) -> EncodedJSON:
        query = browse.query(
            ProductFilters(
                category=category, search=search, size=size, color=color, sort=sort,
                min_price=min_price or min_price_alias, max_price=max_price or max_price_alias,
                is_bestseller=is_bestseller, page=page, limit=limit,
            )
        )  # fmt: skip

        async def read() -> Envelope[ProductOut]:
            return envelope(await browse(query), product_to_wire)

        return await cached_json(request, ("products", query), read)

    @get(
        "/products/bestsellers",
        summary="Active bestsellers, newest first",
        responses=_ok(BestsellersOut, 422),
    )
    async def list_bestsellers(
        self,
        request: Request[Any, Any, Any],
        bestsellers: NamedDependency[ListBestsellers],
        limit: Annotated[
            str | None, _doc("How many", type="integer", minimum=1, maximum=20, default=10)
        ] = None,
    ) -> EncodedJSON:
        count = bestsellers.limit(limit)

        async def read() -> BestsellersOut:
            return BestsellersOut(products=[product_to_wire(p) for p in await bestsellers(count)])

        return await cached_json(request, ("bestsellers", count), read)

    @get("/products/{product_id:str}", summary="One active product", responses=_ok(ProductOut, 404))
    async def get_product(
        self,
        request: Request[Any, Any, Any],
        show: NamedDependency[ShowProduct],
        product_id: Annotated[str, PathParameter(description="The product's UUID")],
    ) -> EncodedJSON:
        uuid = product_id_from(product_id)

        async def read() -> ProductOut:
            return product_to_wire(await show(uuid))

        return await cached_json(request, ("product", uuid), read)

    @get(
        "/categories",
        summary="The five categories with active product counts",
        responses=_ok(CategoriesOut),
    )
    async def list_categories(
        self,
        request: Request[Any, Any, Any],
        categories: NamedDependency[ListCategories],
    ) -> EncodedJSON:
        async def read() -> CategoriesOut:
            return CategoriesOut(categories=[category_to_wire(c) for c in await categories()])

        return await cached_json(request, ("categories",), read)
