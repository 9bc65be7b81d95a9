"""Public orders: POST /api/orders (checkout) and GET /api/orders/track (contract #5, #6)."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.enums import MediaType
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import HeaderParameter, JSONBody, QueryParameter

from beautique.application.idempotent_checkout import (
    IDEMPOTENCY_KEY_SHAPE,
    CheckoutOutcome,
)
from beautique.application.ordering import TrackOrder
from beautique.application.ports import KeyLease, StoredResponse
from beautique.domain.order import Order

from .codec import encode_json
from .dependencies import hot_use_cases, use_cases
from .docs import error_responses, success
from .rate_limit import client_rate_limit
from .schemas.orders import (
    CreatedOrderView,
    OrderIn,
    TrackingView,
    canonical_body,
    created_view,
    to_order_request,
    tracking_location,
    tracking_view,
)
from .schemas.wire import portable


def _created_spec() -> ResponseSpec:
    return success(
        CreatedOrderView, "The placed order; `Location` is its tracking URL (no phone in it)"
    )


_ORDER_ID_DOC = "The order id, e.g. BQ-20260118-001, in any letter case"
_PHONE_DOC = "The phone number given at checkout, in any usual format"


def _required(description: str) -> Any:
    """Required and not blank, as the schema says; declared optional in Python so the use case
    reports both missing parameters at once."""
    return QueryParameter(
        description=description,
        required=True,
        schema_extra={"oneOf": None, "type": "string", "pattern": portable(r"\S")},
    )


IdempotencyKey = Annotated[
    str | None,
    HeaderParameter(
        name="Idempotency-Key",
        required=False,
        description="1..255 visible ASCII characters; a retry with the same key and body "
        "within 24 h returns the first response (`Idempotent-Replayed: true`).",
        schema_extra={"oneOf": None, "type": "string", "pattern": f"^{IDEMPOTENCY_KEY_SHAPE}$"},
    ),
]


class OrderController(Controller):
    path = "/api/orders"
    tags = ["orders"]
    dependencies = use_cases("track_order")

    @post(
        "/",
        summary="Place an order (prices come from the catalogue)",
        guards=[client_rate_limit("orders", lambda settings: settings.rate_limit_orders)],
        status_code=201,
        responses={
            201: _created_spec(),
            **error_responses(409, 429, body=True),
        },
    )
    async def place(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[OrderIn],
        idempotency_key: IdempotencyKey = None,
    ) -> Response[bytes]:
        container = hot_use_cases(request)  # two dependencies would cost an anyio task group
        place_order, idempotent_checkout = container.place_order(), container.idempotent_checkout()

        async def place(lease: KeyLease | None) -> StoredResponse:
            return await place_order.with_receipt(to_order_request(data), _created, lease)

        # The body's fingerprint matters only under a key; most checkouts send none.
        body = b"" if idempotency_key is None else canonical_body(data)
        outcome = await idempotent_checkout.run(idempotency_key, body, place)
        return _stored_response(outcome)

    @get(
        "/track",
        summary="Track an order by its id and the phone number it was placed with",
        guards=[client_rate_limit("tracking", lambda settings: settings.rate_limit_tracking)],
        responses=error_responses(404, 422, 429),
    )
    async def track(
        self,
        track_order: NamedDependency[TrackOrder],
        order_id: Annotated[str | None, _required(_ORDER_ID_DOC)] = None,
        phone: Annotated[str | None, _required(_PHONE_DOC)] = None,
    ) -> TrackingView:
        # Optional here so the use case reports a missing one as 422 `is required`, both at once.
        return tracking_view(await track_order(order_id or "", phone or ""))


def _created(order: Order) -> StoredResponse:
    """The 201 answer, rendered once: a replay sends these very bytes again."""
    return StoredResponse(201, encode_json(created_view(order)), tracking_location(order))


def _stored_response(outcome: CheckoutOutcome) -> Response[bytes]:
    """The stored bytes go out unchanged, so a replay is byte-for-byte the first answer."""
    stored = outcome.response
    headers = {"Location": stored.location} if stored.location else {}
    if outcome.replayed:
        headers["Idempotent-Replayed"] = "true"
    return Response(
        stored.body, status_code=stored.status, media_type=MediaType.JSON, headers=headers
    )
