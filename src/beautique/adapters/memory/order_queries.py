"""In-memory read side of the admin order screens: the reference the SQL adapters match."""

from __future__ import annotations

from beautique.adapters.sql.order_rows import list_row_from_values, order_values
from beautique.application.order_views import OrderListRow
from beautique.application.queries import OrderQuery, OrderSearch, Page
from beautique.domain.order import Order
from beautique.domain.phone import digits_of

from .orders import InMemoryOrderRepository


class InMemoryOrderQueries:
    """Reads the orders the in-memory repository holds."""

    def __init__(self, orders: InMemoryOrderRepository) -> None:
        self._orders = orders

    async def list_orders(self, query: OrderQuery) -> Page[OrderListRow]:
        found = [order for order in self._orders.all() if _matches(order, query)]
        found.sort(key=lambda order: (order.created_at, order.id), reverse=True)
        start = query.paging.offset
        return Page(
            items=[_list_row(order) for order in found[start : start + query.paging.limit]],
            total=len(found),
            page=query.paging.page,
            limit=query.paging.limit,
        )


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


def _matches_text(order: Order, terms: OrderSearch) -> bool:
    """Order id or customer name (any case), or phone digits when the text looks like a phone."""
    if terms.upper in order.order_id.value or terms.folded in order.customer.name.casefold():
        return True
    customer = order.customer
    return bool(terms.digits) and (
        terms.digits in digits_of(customer.phone) or terms.digits in digits_of(customer.phone_e164)
    )
