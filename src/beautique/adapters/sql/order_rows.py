"""The rows of the order tables (`orders`, `order_lines`, `order_status_history`) and of the read
models, shared by the SQL adapters: each converts only what it stores differently."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

from beautique.application.order_views import ExportItem, ExportRow, OrderListRow
from beautique.domain.catalog import Size
from beautique.domain.order import Customer, Order, OrderLine, StatusChange
from beautique.domain.order_id import OrderId
from beautique.domain.order_status import DeliveryStatus, OrderStatus, PaymentMethod, PaymentStatus
from beautique.domain.phone import digits_of

ORDER_COLUMNS = (
    "id", "order_id", "customer_name", "customer_name_folded", "phone", "phone_digits",
    "phone_e164", "whatsapp", "email", "address", "city", "country", "notes", "payment_method",
    "payment_status", "order_status", "delivery_status", "total_amount", "estimated_delivery",
    "tracking_notes", "order_date", "created_at", "updated_at",
)  # fmt: skip
# A line row is the line's fields, one column each, after its order and place: read off OrderLine,
# so a field added there is a column here and neither mapping can forget it.
LINE_FIELDS = tuple(field.name for field in dataclasses.fields(OrderLine))
LINE_COLUMNS = ("order_uuid", "position", *LINE_FIELDS)
CHANGE_COLUMNS = (
    "order_uuid", "position", "at", "field", "from_status", "to_status", "changed_by",
)  # fmt: skip


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


def line_values(order: Order) -> list[dict[str, Any]]:
    """The order's lines as `order_lines` rows (LINE_COLUMNS), in the order they were bought."""
    return [
        {
            "order_uuid": order.id,
            "position": position,
            **{name: getattr(line, name) for name in LINE_FIELDS},
            "size": line.size.value,
        }
        for position, line in enumerate(order.lines)
    ]


def change_values(order: Order, start: int) -> list[dict[str, Any]]:
    """The order's history from position `start` on as `order_status_history` rows (CHANGE_COLUMNS)."""
    return [
        {
            "order_uuid": order.id,
            "position": position,
            "at": change.at,
            "field": change.field,
            "from_status": str(change.from_),
            "to_status": str(change.to),
            "changed_by": change.by,
        }
        for position, change in enumerate(order.history[start:], start=start)
    ]


def line_from_values(values: Mapping[str, Any]) -> OrderLine:
    """The inverse of one `line_values` row, once the adapter has turned its stored types back."""
    return OrderLine(
        **{**{name: values[name] for name in LINE_FIELDS}, "size": Size(values["size"])}
    )


def change_from_values(values: Mapping[str, Any]) -> StatusChange:
    """The inverse of one `change_values` row, once the adapter has turned its stored types back."""
    return StatusChange(
        at=values["at"],
        field=values["field"],
        from_=values["from_status"],
        to=values["to_status"],
        by=values["changed_by"],
    )


# A list or export row is columns of `orders` under the same names (its items aside), so the column
# lists and the mappings are read off the read models: a field added there is selected here.
LIST_FIELDS = tuple(field.name for field in dataclasses.fields(OrderListRow))
EXPORT_FIELDS = tuple(
    field.name for field in dataclasses.fields(ExportRow) if field.name != "items"
)
LIST_COLUMNS = ", ".join(LIST_FIELDS)
EXPORT_COLUMNS = ", ".join(EXPORT_FIELDS)


def list_row_from_values(values: Mapping[str, Any]) -> OrderListRow:
    """A list row from the LIST_COLUMNS of `orders`, once the adapter has turned its stored types back."""
    return OrderListRow(**_read_back(values, LIST_FIELDS))


def export_row_from_values(values: Mapping[str, Any], items: Iterable[ExportItem]) -> ExportRow:
    """An export row from the EXPORT_COLUMNS of `orders` (stored types already turned back)."""
    return ExportRow(**_read_back(values, EXPORT_FIELDS), items=tuple(items))


def _read_back(values: Mapping[str, Any], names: Iterable[str]) -> dict[str, Any]:
    return {**{name: values[name] for name in names}, **_method_and_statuses(values)}


def _method_and_statuses(values: Mapping[str, Any]) -> dict[str, Any]:
    """The stored texts read back as the enums an order and its read models all carry."""
    return {
        "payment_method": PaymentMethod(values["payment_method"]),
        "payment_status": PaymentStatus(values["payment_status"]),
        "order_status": OrderStatus(values["order_status"]),
        "delivery_status": DeliveryStatus(values["delivery_status"]),
    }
