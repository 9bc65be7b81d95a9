"""The columns of an `orders` row, shared by the SQL adapters (each converts what it stores differently)."""

from __future__ import annotations

from typing import Any

from beautique.domain.order import Order
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
