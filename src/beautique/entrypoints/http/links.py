"""OpenAPI links: which answer feeds which next request (a product you read can be ordered; an
order you placed can be tracked). They document the API's workflows for readers and let
Schemathesis's stateful phase chain real requests (e.g. checkouts of real products).

Litestar's route decorators cannot declare links, so `LINKS` is one table, added to the document
when it is rendered (`docs.py`). A new workflow is one more `Link(...)` here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Link:
    """After `source` answers `status`, `target` may be called with values taken from that
    exchange (OpenAPI runtime expressions such as `$response.body#/id`)."""

    name: str
    source: tuple[str, str]  # (method, path template)
    target: tuple[str, str]
    description: str
    status: int = 200
    parameters: dict[str, str] = field(default_factory=dict)
    request_body: Any = None


def _line_of(product: str) -> dict[str, Any]:
    """A cart line for the product at JSON Pointer `product` of a catalogue answer."""
    return {
        "items": [
            {
                "product_id": f"$response.body#{product}/id",
                "size": f"$response.body#{product}/sizes/0",
                "color": f"$response.body#{product}/colors/0",
                "price": f"$response.body#{product}/effective_price",
            }
        ]
    }


_CHECKOUT = ("POST", "/api/orders")
LINKS: list[Link] = [
    Link(
        "OrderThisProduct",
        ("GET", "/api/products/{product_id}"),
        _CHECKOUT,
        "Order this product in one of its sizes and colours, at its current price",
        request_body=_line_of(""),
    ),
    Link(
        "OrderTheFirstProduct",
        ("GET", "/api/products"),
        _CHECKOUT,
        "Order the first product of the page",
        request_body=_line_of("/items/0"),
    ),
    Link(
        "OrderTheFirstBestseller",
        ("GET", "/api/products/bestsellers"),
        _CHECKOUT,
        "Order the first bestseller",
        request_body=_line_of("/products/0"),
    ),
    Link(
        "TrackThisOrder",
        _CHECKOUT,
        ("GET", "/api/orders/track"),
        "Track the order just placed, with the phone it was placed with",
        status=201,
        parameters={"order_id": "$response.body#/order_id", "phone": "$request.body#/phone"},
    ),
]


def _follow_ups(
    source: tuple[str, str], status: int, noun: str, targets: list[tuple[str, str, str]]
) -> list[Link]:
    """Links from a created resource to the routes addressing it by id, under either spelling of
    the path parameter (a route that does not exist is skipped when the document is rendered)."""
    return [
        Link(
            name,
            source,
            (method, template.replace("{id}", "{" + parameter + "}")),
            f"{method} the {noun} just created",
            status=status,
            parameters={parameter: "$response.body#/id"},
        )
        for name, method, template in targets
        for parameter in (f"{noun}_id", "id")
    ]


_PRODUCT = "/api/admin/products/{id}"
_ORDER = "/api/admin/orders/{id}"
# Admin workflows: a created product is read, changed and deleted; a placed order is managed.
LINKS += _follow_ups(
    ("POST", "/api/admin/products"),
    201,
    "product",
    [
        ("ReadTheProduct", "GET", _PRODUCT),
        ("ChangeTheProduct", "PUT", _PRODUCT),
        ("DeactivateTheProduct", "DELETE", _PRODUCT),
        ("DeleteTheProduct", "DELETE", f"{_PRODUCT}/permanent"),
    ],
)
_MANAGE_ORDER = [
    ("ManageTheOrder", "GET", _ORDER),
    ("ChangeTheOrderStatus", "PATCH", f"{_ORDER}/status"),
]
LINKS += _follow_ups(_CHECKOUT, 201, "order", _MANAGE_ORDER)
# The owner opens an order from the list (the newest first).
LINKS += [
    Link(
        name.replace("The", "TheFirst"),
        ("GET", "/api/admin/orders"),
        (method, template.replace("{id}", "{order_id}")),
        f"{method} the first order of the page",
        parameters={"order_id": "$response.body#/items/0/id"},
    )
    for name, method, template in _MANAGE_ORDER
]


def operation_ref(method: str, path: str) -> str:
    escaped = path.replace("~", "~0").replace("/", "~1")
    return f"#/paths/{escaped}/{method.lower()}"


def with_links(document: dict[str, Any], links: list[Link] = LINKS) -> dict[str, Any]:
    """Adds `links` to the responses they start from (idempotent; unknown routes are skipped)."""
    paths = document.get("paths", {})
    for link in links:
        method, path = link.source
        response = paths.get(path, {}).get(method.lower(), {}).get("responses", {})
        answer = response.get(str(link.status))
        target = paths.get(link.target[1], {}).get(link.target[0].lower())
        if answer is None or target is None:
            continue
        entry: dict[str, Any] = {
            "operationRef": operation_ref(*link.target),
            "description": link.description,
        }
        if link.parameters:
            entry["parameters"] = dict(link.parameters)
        if link.request_body is not None:
            entry["requestBody"] = link.request_body
        answer.setdefault("links", {})[link.name] = entry
    return document
