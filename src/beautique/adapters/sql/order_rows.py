"""The columns of an `orders` row, shared by the SQL adapters (each converts what it stores differently)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from beautique.application.order_views import ExportItem, ExportRow, OrderListRow
from beautique.application.queries import OrderQuery
from beautique.domain.order import Customer, Order, OrderLine, StatusChange
from beautique.domain.order_id import OrderId
from beautique.domain.order_status import DeliveryStatus, OrderStatus, PaymentMethod, PaymentStatus
from beautique.domain.phone import digits_of


def order_values(order: Order) -> dict[str, Any]:
    """Column → Python value; search helpers (`*_folded`, `phone_digits`) derived here once."""
    customer = order.customer
    return {
        "id": order.id,
        "order_id": order.order_id.value.upper(),
        "customer_name": customer.name,
        "customer_name_folded": customer.name.casefold(),
        "phone": customer.phone,
        "phone_digits": digits_of(customer.phone),
        "phone_e164": customer.phone_e164,
        "whatsapp": customer.whatsapp,
        "email": customer.email,
        "address": customer.address,
        "city": customer.city,
        "country": customer.country,
        "notes": customer.notes,
        "payment_method": order.payment_method.value,
        "payment_status": order.payment_status.value,
        "order_status": order.order_status.value,
        "delivery_status": order.delivery_status.value,
        "total_amount": order.total_amount,
        "estimated_delivery": order.estimated_delivery,
        "tracking_notes": order.tracking_notes,
        "order_date": order.order_date,
        "created_at": order.created_at,
        "updated_at": order.updated_at,
    }


def order_from_values(
    values: Mapping[str, Any], lines: Iterable[OrderLine], history: Iterable[StatusChange]
) -> Order:
    """The inverse of `order_values`, once the adapter has turned its stored types back."""
    return Order(
        id=values["id"],
        order_id=OrderId(values["order_id"]),
        customer=Customer(
            name=values["customer_name"],
            phone=values["phone"],
            phone_e164=values["phone_e164"],
            whatsapp=values["whatsapp"],
            email=values["email"],
            address=values["address"],
            city=values["city"],
            country=values["country"],
            notes=values["notes"],
        ),
        lines=tuple(lines),
        order_date=values["order_date"],
        created_at=values["created_at"],
        updated_at=values["updated_at"],
        **_method_and_statuses(values),
        estimated_delivery=values["estimated_delivery"],
        tracking_notes=values["tracking_notes"],
        history=tuple(history),
    )


# `order_date` is the store's business day of `created_at`. Whatever the store's zone (UTC-12 to
# UTC+14), a day's instants lie within 14 hours of that day in UTC, so a date filter can add this
# looser bound on `created_at` and walk the newest-first index instead of sorting the whole range.
ZONE_SLACK = timedelta(hours=14)
# The filters that are columns of the running totals (order_totals), which can count without orders.
TOTALS_FILTERS = frozenset(
    {
        "payment_status",
        "order_status",
        "delivery_status",
        "payment_method",
        "start_date",
        "end_date",
    }
)


ONE_DAY = timedelta(days=1)


def _midnight(day: date, shift: timedelta) -> datetime | None:
    """Midnight UTC of `day`, shifted; None past the ends of the calendar (0001-01-01 minus the
    slack, 9999-12-31 plus a day), where the looser bound would bind nothing anyway."""
    try:
        return datetime.combine(day, time(), UTC) + shift
    except OverflowError:
        return None


def order_filters(query: OrderQuery) -> tuple[list[str], dict[str, Any]]:
    """The names of the filters a query uses (keys of the adapters' FILTERS fragments) and their
    bound values. Date filters add `created_from`/`created_before` (see ZONE_SLACK). A search is `search` (order id or name) or, when the text looks like a phone,
    `search_phone` (order id, name or phone); both bind `search_upper`, `search_folded` and
    `search_digits`. Adapters may rewrite the search values into the patterns their SQL needs."""
    statuses = {
        "payment_status": query.payment_status,
        "order_status": query.order_status,
        "delivery_status": query.delivery_status,
        "payment_method": query.payment_method,
    }
    values: dict[str, Any] = {
        **{name: status.value for name, status in statuses.items() if status is not None},
        "start_date": query.start_date,
        "end_date": query.end_date,
    }
    params = {name: value for name, value in values.items() if value is not None}
    names = list(params)
    if query.start_date is not None and (start := _midnight(query.start_date, -ZONE_SLACK)):
        names.append("created_from")
        params["created_from"] = start
    if query.end_date is not None and (end := _midnight(query.end_date, ONE_DAY + ZONE_SLACK)):
        names.append("created_before")
        params["created_before"] = end
    if (terms := query.search_terms) is not None:
        names.append("search_phone" if terms.digits else "search")
        params.update(
            search_upper=terms.upper, search_folded=terms.folded, search_digits=terms.digits
        )
    return names, params


LIST_COLUMNS = (
    "id, order_id, customer_name, phone, total_amount, payment_method, payment_status, "
    "order_status, delivery_status, order_date, created_at"
)


def list_row_from_values(values: Mapping[str, Any]) -> OrderListRow:
    """A list row from the LIST_COLUMNS of `orders`, once the adapter has turned its stored types back."""
    return OrderListRow(
        id=values["id"],
        order_id=values["order_id"],
        customer_name=values["customer_name"],
        phone=values["phone"],
        total_amount=values["total_amount"],
        order_date=values["order_date"],
        created_at=values["created_at"],
        **_method_and_statuses(values),
    )


def _method_and_statuses(values: Mapping[str, Any]) -> dict[str, Any]:
    """The stored texts read back as the enums an order and a list row both carry."""
    return {
        "payment_method": PaymentMethod(values["payment_method"]),
        "payment_status": PaymentStatus(values["payment_status"]),
        "order_status": OrderStatus(values["order_status"]),
        "delivery_status": DeliveryStatus(values["delivery_status"]),
    }


EXPORT_COLUMNS = (
    "id, order_id, order_date, customer_name, phone, whatsapp, email, city, country, address, "
    "total_amount, payment_method, payment_status, order_status, delivery_status, "
    "estimated_delivery, tracking_notes, notes, created_at"
)


def export_row_from_values(values: Mapping[str, Any], items: Iterable[ExportItem]) -> ExportRow:
    """An export row from the EXPORT_COLUMNS of `orders` (stored types already turned back)."""
    return ExportRow(
        id=values["id"],
        order_id=values["order_id"],
        order_date=values["order_date"],
        customer_name=values["customer_name"],
        phone=values["phone"],
        whatsapp=values["whatsapp"],
        email=values["email"],
        city=values["city"],
        country=values["country"],
        address=values["address"],
        items=tuple(items),
        total_amount=values["total_amount"],
        **_method_and_statuses(values),
        estimated_delivery=values["estimated_delivery"],
        tracking_notes=values["tracking_notes"],
        notes=values["notes"],
        created_at=values["created_at"],
    )


def escape_like(text: str) -> str:
    """`text` as a literal inside a LIKE pattern with ESCAPE '\\'."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
