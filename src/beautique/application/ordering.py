"""Placing and tracking orders, and the Idempotency-Key guard around checkout."""

from __future__ import annotations

import dataclasses
import hmac
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

from beautique.domain.checkout import (
    DEFAULT_COUNTRY,
    ContactDetails,
    LineRequest,
    check_contact,
    check_line_shapes,
    price_lines,
)
from beautique.domain.errors import Problems
from beautique.domain.money import MAX_PRICE, to_money
from beautique.domain.order import Customer, Order
from beautique.domain.order_id import OrderId, business_day
from beautique.domain.order_status import PaymentMethod
from beautique.domain.phone import masked, phone_problem
from beautique.domain.product import Product

from .errors import NotFound
from .ports import (
    Clock,
    KeyCompletion,
    KeyLease,
    NumberOrder,
    OrderRepository,
    PhoneNormalizer,
    StoredResponse,
)

log = logging.getLogger("beautique.orders")

_METHODS = ", ".join(m.value for m in PaymentMethod)


@dataclass(frozen=True, slots=True)
class OrderRequest:
    """A checkout as the customer sent it (strings trimmed), not yet checked."""

    contact: ContactDetails
    lines: Sequence[LineRequest]
    payment_method: str


class PlaceOrder:
    """Every field is checked at once; prices come from the catalogue, never from the client;
    the order is numbered in the store's business day."""

    def __init__(
        self,
        *,
        orders: OrderRepository,
        phones: PhoneNormalizer,
        clock: Clock,
        store_zone: ZoneInfo,
    ) -> None:
        self._orders = orders
        self._phones = phones
        self._clock = clock
        self._zone = store_zone

    async def __call__(self, request: OrderRequest) -> Order:
        return await self._place(request, None)

    async def with_receipt(
        self,
        request: OrderRequest,
        render: Callable[[Order], StoredResponse],
        lease: KeyLease | None,
    ) -> StoredResponse:
        """Place the order and answer with `render(order)`. Under an Idempotency-Key lease the
        answer is stored under the key in the order's own transaction: both, or neither when a
        retry has taken the key over (LeaseLost)."""
        rendered: list[StoredResponse] = []

        def receipt(order: Order) -> KeyCompletion | None:
            rendered.append(render(order))
            return KeyCompletion(lease, rendered[0]) if lease else None

        await self._place(request, receipt)
        return rendered[0]

    async def _place(
        self,
        request: OrderRequest,
        receipt: Callable[[Order], KeyCompletion | None] | None,
    ) -> Order:
        """Check the form, then in one call to the store: price the cart from the catalogue as
        it is now, number the order in the store's business day and store it. A refused cart
        raises before the number is taken, so it leaves no gap."""
        request = dataclasses.replace(request, lines=[_rounded_price(ln) for ln in request.lines])
        phone_e164, method = self._checked(request)
        customer = _customer(request.contact, phone_e164)
        now = self._clock.now()
        day = business_day(now, self._zone)

        def price(catalogue: Mapping[UUID, Product]) -> NumberOrder:
            lines = price_lines(request.lines, catalogue)

            def numbered(number: int) -> tuple[Order, KeyCompletion | None]:
                order = Order.place(
                    order_uuid=uuid4(),
                    order_id=OrderId.compose(day, number),
                    customer=customer,
                    lines=lines,
                    payment_method=method,
                    now=now,
                )
                return order, receipt(order) if receipt else None

            return numbered

        wanted = {line.product_id for line in request.lines}
        order = await self._orders.place(wanted, day, price)
        _log_placed(order)
        return order

    def _checked(self, request: OrderRequest) -> tuple[str, PaymentMethod]:
        """Collects every problem of the form and the cart's shape into one RuleViolation."""
        problems = Problems()
        check_contact(problems, request.contact)
        check_line_shapes(problems, request.lines)
        method = _payment_method(problems, request.payment_method)
        phone = self._normalised(problems, request.contact.phone)
        problems.raise_if_any()
        assert phone is not None and method is not None  # a missing one is a problem above
        return phone, method

    def _normalised(self, problems: Problems, phone: str) -> str | None:
        if phone_problem(phone) is not None:
            return None  # check_contact already reported it
        e164 = self._phones.to_e164(phone)
        if e164 is None:
            problems.add(
                "phone", "is not a phone number we recognise; include the country code, e.g. +92"
            )
        return e164


def _log_placed(order: Order) -> None:
    log.info("order %s placed (phone %s)", order.order_id, masked(order.customer.phone_e164))


def _rounded_price(line: LineRequest) -> LineRequest:
    """The contract compares the client's price *rounded to 2 decimals* with the current one,
    so 4950.499 means 4950.50 rather than a malformed price. NaN, infinities and absurd
    magnitudes pass through untouched for check_line_shapes to refuse (rounding them raises)."""
    price = line.price
    if price is None or not price.is_finite() or abs(price) > 2 * MAX_PRICE:
        return line
    return dataclasses.replace(line, price=to_money(price))


def _payment_method(problems: Problems, raw: str) -> PaymentMethod | None:
    try:
        return PaymentMethod(raw)
    except ValueError:
        problems.add("payment_method", f"must be one of {_METHODS}")
        return None


def _customer(contact: ContactDetails, phone_e164: str) -> Customer:
    return Customer(
        name=contact.customer_name,
        phone=contact.phone,
        phone_e164=phone_e164,
        whatsapp=contact.whatsapp,
        email=contact.email or None,
        address=contact.address,
        city=contact.city,
        country=contact.country or DEFAULT_COUNTRY,
        notes=contact.notes or None,
    )


class TrackOrder:
    """An order is shown only to someone who knows its id AND its phone number; an unknown id,
    a malformed id and a wrong phone are one and the same 404."""

    def __init__(self, *, orders: OrderRepository, phones: PhoneNormalizer) -> None:
        self._orders = orders
        self._phones = phones

    async def __call__(self, order_id: str, phone: str) -> Order:
        _require_both(order_id, phone)
        # Normalise first and always, so a known id and an unknown one cost the same work.
        wanted = self._phones.to_e164(phone.strip()) or ""
        parsed = OrderId.parse(order_id)
        order = await self._orders.get_by_order_id(parsed) if parsed is not None else None
        stored = order.customer.phone_e164 if order is not None else ""
        matches = hmac.compare_digest(stored.encode(), wanted.encode())
        if order is None or not wanted or not matches:
            raise NotFound("Order not found")
        return order


def _require_both(order_id: str, phone: str) -> None:
    problems = Problems()
    for name, value in (("order_id", order_id), ("phone", phone)):
        if not value.strip():
            problems.add(name, "is required")
    problems.raise_if_any()
