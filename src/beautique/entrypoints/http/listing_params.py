"""Query parameters shared by the public catalogue and the admin product list, documented once.

Each arrives as text and is parsed by `application.params` (every bad one reported at once); the
annotations here only describe, in the OpenAPI document, what that parser accepts.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from beautique.application.params import (
    LIST_LIMITS,
    MAX_COLOR,
    MAX_PAGE,
    MAX_PRICE_FILTER,
    MAX_SEARCH,
)
from beautique.application.queries import ProductSort
from beautique.domain.catalog import Category, Size

from .docs import query
from .schemas.wire import PRINTABLE, amount, any_case, text, whole

_PRICE = amount(Decimal(0), MAX_PRICE_FILTER, "Effective price bound, inclusive (PKR)")
_TRUE_FALSE = ["true", "false"]

CategoryParam = Annotated[str | None, query(any_case(Category, "Label or slug"))]
SearchParam = Annotated[str | None, query(text(0, MAX_SEARCH, "In name or description", PRINTABLE))]
MinPriceParam = Annotated[str | None, query(_PRICE)]
MaxPriceParam = Annotated[str | None, query(_PRICE)]
MinPriceAlias = Annotated[str | None, query(_PRICE, "minPrice")]
MaxPriceAlias = Annotated[str | None, query(_PRICE, "maxPrice")]
SizeParam = Annotated[str | None, query(any_case(Size))]
ColorParam = Annotated[str | None, query(text(0, MAX_COLOR, "A colour it has", PRINTABLE))]
BestsellerParam = Annotated[str | None, query(any_case(_TRUE_FALSE))]
ActiveParam = Annotated[str | None, query(any_case(_TRUE_FALSE, "Absent: both"))]
SortParam = Annotated[str | None, query(any_case(ProductSort, "Default newest"))]
PageParam = Annotated[
    str | None, query(whole(1, MAX_PAGE, "Page number (default 1); a page past the end is empty"))
]
LimitParam = Annotated[
    str | None, query(whole(LIST_LIMITS.low, LIST_LIMITS.high, "Page size (default 20)"))
]
