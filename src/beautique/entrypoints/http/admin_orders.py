"""The owner's orders: list, CSV export, detail, status changes, and the dashboard (contract #15-#19).

Query parameters arrive as plain strings and are parsed by the use case, which reports every bad
one at once. `/orders/export` is a static path, which Litestar matches before `/orders/{id}`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

from litestar import Controller, Request, get, patch
from litestar.di import NamedDependency, Provide
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import JSONBody, PathParameter
from litestar.response import Stream

from beautique.application.admin_orders import ChangeOrderStatus, ListOrders, ShowOrder
from beautique.application.dashboard import ShowDashboard
from beautique.application.order_export import ExportOrders
from beautique.application.params import MAX_SEARCH, OrderFilters
from beautique.domain.order_status import (
    DeliveryStatus,
    OrderStatus,
    PaymentMethod,
    PaymentStatus,
)

from .admin_guard import current_admin
from .dependencies import use_cases
from .docs import ADMIN_SECURITY, error_responses, query, success
from .listing_params import LimitParam, PageParam
from .schemas.admin_orders import (
    DashboardOut,
    OrderDetailOut,
    OrderListItemOut,
    StatusChangeIn,
    dashboard_out,
    detail_out,
    list_item_out,
    to_status_update,
)
from .schemas.common import Envelope, envelope
from .schemas.wire import PRINTABLE, any_case, calendar_date, text

CSV = "text/csv"  # Litestar adds `; charset=utf-8` to text types


PaymentStatusParam = Annotated[str | None, query(any_case(PaymentStatus))]
OrderStatusParam = Annotated[str | None, query(any_case(OrderStatus))]
DeliveryParam = Annotated[str | None, query(any_case(DeliveryStatus))]
MethodParam = Annotated[str | None, query(any_case(PaymentMethod))]
SearchParam = Annotated[
    str | None,
    query(text(0, MAX_SEARCH, "Order id (partial), customer name, or phone digits", PRINTABLE)),
]
StartParam = Annotated[str | None, query(calendar_date("Order date from, inclusive"))]
EndParam = Annotated[str | None, query(calendar_date("Order date to, inclusive"))]
OrderUuid = Annotated[str, PathParameter(description="The order's UUID (not its BQ- order id)")]


def order_filters(
    payment_status: PaymentStatusParam = None,
    order_status: OrderStatusParam = None,
    delivery_status: DeliveryParam = None,
    payment_method: MethodParam = None,
    search: SearchParam = None,
    start_date: StartParam = None,
    end_date: EndParam = None,
) -> OrderFilters:
    """The filters the list and the export share, as sent (the use case parses them)."""
    return OrderFilters(
        payment_status, order_status, delivery_status, payment_method, search, start_date, end_date
    )


def _ok(data: type[Any], *codes: int) -> dict[int, ResponseSpec]:
    return {200: success(data), **error_responses(*codes)}


class AdminOrderController(Controller):
    path = "/api/admin"
    tags = ["admin orders"]
    dependencies = {
        "filters": Provide(order_filters, sync_to_thread=False),
        **use_cases(
            "list_orders", "show_order", "change_order_status", "export_orders", "show_dashboard"
        ),
    }

    @get(
        "/orders",
        summary="Orders, newest first, filtered",
        responses=_ok(Envelope[OrderListItemOut], 401, 422),
        security=ADMIN_SECURITY,
    )
    async def list(
        self,
        list_orders: NamedDependency[ListOrders],
        filters: NamedDependency[OrderFilters],
        page: PageParam = None,
        limit: LimitParam = None,
    ) -> Envelope[OrderListItemOut]:
        page_of = await list_orders(replace(filters, page=page, limit=limit))
        return envelope(page_of, list_item_out)

    @get(
        "/orders/export",
        summary="The filtered orders as a CSV file (streamed)",
        responses={
            200: success(str, "UTF-8 CSV with a BOM", f"{CSV}; charset=utf-8"),
            **error_responses(401, 422),
        },
        security=ADMIN_SECURITY,
    )
    async def export(
        self,
        export_orders: NamedDependency[ExportOrders],
        filters: NamedDependency[OrderFilters],
    ) -> Stream:
        export = await export_orders(filters)
        disposition = f'attachment; filename="{export.filename}"'
        return Stream(export.chunks, media_type=CSV, headers={"Content-Disposition": disposition})

    @get(
        "/orders/{order_id:str}",
        summary="One order in full, with its history",
        responses=_ok(OrderDetailOut, 401, 404),
        security=ADMIN_SECURITY,
    )
    async def detail(
        self, order_id: OrderUuid, show_order: NamedDependency[ShowOrder]
    ) -> OrderDetailOut:
        return detail_out(await show_order(order_id))

    @patch(
        "/orders/{order_id:str}/status",
        summary="Change statuses, delivery estimate and tracking notes",
        responses=_ok(OrderDetailOut, 400, 401, 404, 409, 413, 415, 422),
        security=ADMIN_SECURITY,
    )
    async def change_status(
        self,
        request: Request[Any, Any, Any],
        order_id: OrderUuid,
        data: JSONBody[StatusChangeIn],
        change_order_status: NamedDependency[ChangeOrderStatus],
    ) -> OrderDetailOut:
        by = current_admin(request).username
        return detail_out(await change_order_status(order_id, to_status_update(data), by=by))

    @get(
        "/analytics/dashboard",
        summary="The shop's figures at one moment",
        responses=_ok(DashboardOut, 401),
        security=ADMIN_SECURITY,
    )
    async def dashboard(self, show_dashboard: NamedDependency[ShowDashboard]) -> DashboardOut:
        return dashboard_out(await show_dashboard())
