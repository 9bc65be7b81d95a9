"""Test data builders shared by the unit, contract, HTTP and integration suites: one place per kind
of object (products, checkout requests, orders, admins). Each gives a valid object; keyword
arguments change what a test is about."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

from beautique.application.order_views import OrderListRow
from beautique.domain.admin import AdminUser
from beautique.domain.catalog import Size
from beautique.domain.checkout import ContactDetails, LineRequest
from beautique.domain.order import Customer, Order, OrderLine
from beautique.domain.order_id import OrderId
from beautique.domain.order_status import PaymentMethod
from beautique.domain.product import ImageHostPolicy, Product, ProductDraft

DAY = date(2026, 11, 21)
T0 = datetime(2026, 11, 21, 9, 30, 15, 123456, tzinfo=UTC)

# --- products ------------------------------------------------------------------------------

IMAGE_HOSTS = ImageHostPolicy(frozenset({"res.cloudinary.com"}))
PRODUCT_IMAGE = "https://res.cloudinary.com/demo/image/upload/maxi.jpg"
DRAFT_FIELDS: dict[str, Any] = {
    "name": "Silk Maxi - Red",
    "category": "Maxi",
    "description": "A lovely garment for every day.",
    "regular_price": Decimal("5500"),
    "sale_price": None,
    "images": (PRODUCT_IMAGE,),
    "sizes": ("S", "M"),
    "colors": ("Red",),
}


def product_draft(**changes: Any) -> ProductDraft:
    """A valid draft; `changes` replace its fields with values as a client would send them."""
    return ProductDraft(**{**DRAFT_FIELDS, **changes})


def make_product(
    name: str = "Silk Maxi - Red",
    *,
    regular: str = "5500",
    sale: str | None = None,
    at: datetime = T0,
    product_id: UUID | None = None,
    **changes: Any,
) -> Product:
    """A valid product created `at`; prices as text, other `changes` as in `product_draft`."""
    draft = product_draft(
        name=name,
        regular_price=Decimal(regular),
        sale_price=None if sale is None else Decimal(sale),
        **changes,
    )
    return Product.create(draft, policy=IMAGE_HOSTS, product_id=product_id or uuid4(), now=at)


def orderable_product(**changes: Any) -> Product:
    """What the checkout tests buy: on sale at 4950.50, in sizes S and M, in Red and Maroon."""
    return make_product(**{"sale": "4950.50", "colors": ("Red", "Maroon"), **changes})


# --- checkout ------------------------------------------------------------------------------


def contact_details(**changes: Any) -> ContactDetails:
    """The checkout form's contact fields; country and notes left out, as most customers do."""
    base = ContactDetails(
        customer_name="Ayesha Khan",
        phone="0300 1234567",
        whatsapp="+92 300 1234567",
        email="ayesha@example.com",
        address="House 12, Street 4, F-7/2",
        city="Islamabad",
        country=None,
        notes=None,
    )
    return dataclasses.replace(base, **changes)


MAXI_ID = UUID("00000000-0000-4000-8000-000000000001")


def cart_line(index: int = 0, *, product_id: UUID | None = None, **changes: Any) -> LineRequest:
    """Line `index` of a cart: one M in Red, no price shown to the customer."""
    base = LineRequest(
        index=index, product_id=product_id or MAXI_ID, size="M", color="Red", quantity=1
    )
    return dataclasses.replace(base, **changes)


def order_item(product: Product, **changes: Any) -> dict[str, Any]:
    """One line of a POST /api/orders body."""
    return {"product_id": str(product.id), "size": "M", "color": "Red", "quantity": 1, **changes}


def order_payload(*items: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A whole POST /api/orders body, every optional field filled."""
    return {
        "customer_name": "Ayesha Khan",
        "phone": "0300 1234567",
        "whatsapp": "+92 300 1234567",
        "email": "a@example.com",
        "address": "House 12, Street 4, F-7/2",
        "city": "Islamabad",
        "country": "Pakistan",
        "notes": "Call before delivery",
        "payment_method": "Easypaisa",
        "items": list(items),
        **changes,
    }


# --- orders --------------------------------------------------------------------------------


def customer(**changes: Any) -> Customer:
    base = Customer(
        name="Ayesha Khan",
        phone="0300 1234567",
        phone_e164="+923001234567",
        whatsapp="+92 300 1234567",
        email="ayesha@example.com",
        address="House 12, Street 4, F-7/2",
        city="Islamabad",
        country="Pakistan",
        notes="Call before delivery",
    )
    return dataclasses.replace(base, **changes)


def line(price: str = "4950.50", quantity: int = 2, **changes: Any) -> OrderLine:
    base = OrderLine(
        product_id=uuid4(),
        name="Silk Maxi - Red",
        size=Size.M,
        color="Red",
        quantity=quantity,
        unit_price=Decimal(price),
        image="https://res.cloudinary.com/demo/image/upload/maxi.jpg",
    )
    return dataclasses.replace(base, **changes)


def make_order(number: int = 1, *, day: date = DAY, at: datetime = T0, **changes: Any) -> Order:
    base = Order(
        id=uuid4(),
        order_id=OrderId.compose(day, number),
        customer=customer(),
        lines=(line(),),
        payment_method=PaymentMethod.EASYPAISA,
        order_date=day,
        created_at=at,
        updated_at=at,
    )
    return dataclasses.replace(base, **changes)


def expected_list_row(order: Order) -> OrderListRow:
    """What the admin list must show for `order`, written out field by field."""
    return OrderListRow(
        id=order.id,
        order_id=order.order_id.value,
        customer_name=order.customer.name,
        phone=order.customer.phone,
        total_amount=sum((ln.unit_price * ln.quantity for ln in order.lines), Decimal(0)),
        payment_method=order.payment_method,
        payment_status=order.payment_status,
        order_status=order.order_status,
        delivery_status=order.delivery_status,
        order_date=order.order_date,
        created_at=order.created_at,
    )


# --- admins --------------------------------------------------------------------------------

ADMIN_PASSWORD = "correct horse battery"
# A bcrypt hash of nothing in particular: storage tests never check passwords.
STORED_HASH = "$2b$04$abcdefghijklmnopqrstuuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ01"


def new_admin(username: str = "Ayesha", **changes: Any) -> AdminUser:
    """An active admin registered at 2026-01-18 09:30:15.123456 UTC."""
    admin = AdminUser.register(
        admin_id=uuid4(),
        username=username,
        email=f"{username.lower()}@example.com",
        password_hash=STORED_HASH,
        now=datetime(2026, 1, 18, 9, 30, 15, 123456, tzinfo=UTC),
    )
    return dataclasses.replace(admin, **changes)
