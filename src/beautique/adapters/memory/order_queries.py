"""In-memory read side of the admin order screens: the reference the SQL adapters match."""

from __future__ import annotations

from datetime import date

from beautique.adapters.sql.order_rows import (
    export_row_from_values,
    list_row_from_values,
    order_values,
)
from beautique.application.order_views import (
    DashboardFigures,
    ExportItem,
    ExportPosition,
    ExportRow,
    OrderListRow,
)
from beautique.application.queries import OrderQuery, OrderSearch, Page
from beautique.domain.order import Order

from .order_dashboard import dashboard_of
from .orders import InMemoryOrderRepository


class InMemoryOrderQueries:
    """Reads the orders the in-memory repository holds."""

    def __init__(self, orders: InMemoryOrderRepository) -> None:
        self._orders = orders

    async def list_orders(self, query: OrderQuery) -> Page[OrderListRow]:
        found = self._newest_first(query)
        start = query.paging.offset
        return Page(
            items=[_list_row(order) for order in found[start : start + query.paging.limit]],
            total=len(found),
            page=query.paging.page,
            limit=query.paging.limit,
        )

    async def export_batch(
        self, query: OrderQuery, after: ExportPosition | None, size: int
    ) -> list[ExportRow]:
        found = self._newest_first(query)
        if after is not None:
            found = [order for order in found if (order.created_at, order.id) < after]
        return [export_row(order) for order in found[:size]]

    async def dashboard(self, first_day: date, last_day: date) -> DashboardFigures:
        orders = self._newest_first(OrderQuery())
        return dashboard_of(orders, first_day, last_day, [_list_row(o) for o in orders[:5]])

    def _newest_first(self, query: OrderQuery) -> list[Order]:
        found = [order for order in self._orders.all() if _matches(order, query)]
        found.sort(key=lambda order: (order.created_at, order.id), reverse=True)
        return found


def _list_row(order: Order) -> OrderListRow:
    """The same columns the SQL stores read, so the list rows cannot drift apart."""
    return list_row_from_values(order_values(order))


def _matches(order: Order, query: OrderQuery) -> bool:
    exact = (
        (query.payment_status, order.payment_status),
        (query.order_status, order.order_status),
        (query.delivery_status, order.delivery_status),
        (query.payment_method, order.payment_method),
    )
    if any(wanted is not None and wanted != actual for wanted, actual in exact):
        return False
    if query.start_date is not None and order.order_date < query.start_date:
        return False
    if query.end_date is not None and order.order_date > query.end_date:
        return False
    terms = query.search_terms
    return terms is None or _matches_text(order, terms)


def export_row(order: Order) -> ExportRow:
    """Through the SQL stores' mapping too, like `_list_row`."""
    items = (ExportItem(ln.name, ln.size.value, ln.color, ln.quantity) for ln in order.lines)
    return export_row_from_values(order_values(order), items)


def _matches_text(order: Order, terms: OrderSearch) -> bool:
    """Order id or customer name (any case), or phone digits when the text looks like a phone."""
    if terms.upper in order.order_id.value or terms.folded in order.customer.name.casefold():
        return True
    return bool(terms.digits) and terms.digits in order.customer.phone_e164
