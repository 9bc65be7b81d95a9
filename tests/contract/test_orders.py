"""Order storage contract: memory, SQLite and Postgres adapters behave the same."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import pytest

from beautique.application.errors import Conflict
from beautique.application.ports import ClaimState, StoredResponse
from beautique.application.queries import OrderQuery, PageRequest
from beautique.domain.catalog import Size
from beautique.domain.order import Customer, Order, OrderLine, StatusChange
from beautique.domain.order_id import OrderId
from beautique.domain.order_status import DeliveryStatus, OrderStatus, PaymentMethod, PaymentStatus

DAY = date(2026, 11, 21)
T0 = datetime(2026, 11, 21, 9, 30, 15, 123456, tzinfo=UTC)


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


def rich_order() -> Order:
    """Every field set, several lines (one without image), a history with and without `by`."""
    order = make_order(
        7,
        lines=(
            line("4950.50", 2),
            line("1234567.89", 1, size=Size.XXL, color="Bottle Green", image=None),
            line("0.00", 10, name="Gift wrap — free"),
        ),
        payment_method=PaymentMethod.MEEZAN_BANK,
    )
    order = order.change_status(payment=PaymentStatus.PAID, by=None, now=T0 + timedelta(hours=1))
    order = order.change_status(
        order=OrderStatus.PROCESSING,
        delivery=DeliveryStatus.IN_PROGRESS,
        by="admin",
        now=T0 + timedelta(hours=2, microseconds=7),
    )
    return order.with_tracking(
        estimated_delivery=date(2026, 11, 25),
        tracking_notes="Handed to TCS",
        now=T0 + timedelta(hours=3),
    )


# --- add / get ---------------------------------------------------------------------------


async def test_add_then_get_round_trips_every_field(storage: Any) -> None:
    order = rich_order()
    await storage.orders.add(order)
    for loaded in (
        await storage.orders.get(order.id),
        await storage.orders.get_by_order_id(order.order_id),
    ):
        assert loaded == order
        assert [str(x.unit_price) for x in loaded.lines] == ["4950.50", "1234567.89", "0.00"]
        assert loaded.total_amount == Decimal("1244468.89")
        assert loaded.created_at.utcoffset() == timedelta(0)
        assert loaded.updated_at == T0 + timedelta(hours=3)
        assert [(c.field, c.from_, c.to, c.by) for c in loaded.history] == [
            ("payment_status", "Pending", "Paid", None),
            ("order_status", "Received", "Processing", "admin"),
            ("delivery_status", "Not Started", "In Progress", "admin"),
        ]
        assert loaded.history[1].at == T0 + timedelta(hours=2, microseconds=7)


async def test_optional_fields_round_trip_as_none(storage: Any) -> None:
    order = make_order(customer=customer(email=None, notes=None))
    await storage.orders.add(order)
    loaded = await storage.orders.get(order.id)
    assert loaded == order
    assert loaded.customer.email is None and loaded.estimated_delivery is None
    assert loaded.history == () and loaded.tracking_notes is None


async def test_get_by_order_id_ignores_case_and_unknowns_are_none(storage: Any) -> None:
    order = make_order(12)
    await storage.orders.add(order)
    assert (await storage.orders.get_by_order_id(OrderId("bq-20261121-012"))) == order
    assert await storage.orders.get_by_order_id(OrderId("BQ-20261121-013")) is None
    assert await storage.orders.get(uuid4()) is None


async def test_duplicate_order_id_is_a_conflict_and_stores_nothing(storage: Any) -> None:
    first = make_order(3)
    await storage.orders.add(first)
    twin = make_order(3, customer=customer(name="Someone Else"))
    with pytest.raises(Conflict):
        await storage.orders.add(twin)
    assert await storage.orders.get(twin.id) is None
    assert await storage.orders.get_by_order_id(first.order_id) == first


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
async def test_add_is_atomic_when_a_later_row_fails(storage: Any) -> None:
    """The history row violates the schema, so the order and its lines must not stay behind."""
    bad = StatusChange(T0, "shipping_status", "a", "b")  # type: ignore[arg-type]
    order = make_order(history=(bad,))
    with pytest.raises(Exception, match=r"(?i)constraint|check"):
        await storage.orders.add(order)
    assert await storage.orders.get(order.id) is None
    assert (await storage.orders.search(OrderQuery())).total == 0


# --- save --------------------------------------------------------------------------------


async def test_save_stores_statuses_tracking_and_appends_history(storage: Any) -> None:
    order = make_order()
    await storage.orders.add(order)
    paid = order.change_status(payment=PaymentStatus.VERIFIED, by="sana", now=T0 + timedelta(1))
    assert await storage.orders.save(paid) is True
    delivered = paid.change_status(
        order=OrderStatus.DELIVERED, by="omar", now=T0 + timedelta(2)
    ).with_tracking(
        estimated_delivery=date(2026, 11, 23),
        tracking_notes="Left at the door",
        now=T0 + timedelta(2),
    )
    assert await storage.orders.save(delivered) is True
    loaded = await storage.orders.get(order.id)
    assert loaded == delivered
    assert (loaded.payment_status, loaded.order_status, loaded.delivery_status) == (
        "Verified",
        "Delivered",
        "Delivered",
    )
    assert [(c.to, c.by) for c in loaded.history] == [
        ("Verified", "sana"),
        ("Delivered", "omar"),
        ("Delivered", "omar"),
    ]
    assert loaded.updated_at == T0 + timedelta(2) and loaded.created_at == T0


async def test_save_can_clear_tracking_fields(storage: Any) -> None:
    order = rich_order()
    await storage.orders.add(order)
    cleared = order.with_tracking(estimated_delivery=None, tracking_notes=None, now=T0)
    assert await storage.orders.save(cleared) is True
    loaded = await storage.orders.get(order.id)
    assert loaded.estimated_delivery is None and loaded.tracking_notes is None
    assert loaded.history == order.history


async def test_save_of_an_unknown_order_is_false(storage: Any) -> None:
    assert await storage.orders.save(make_order()) is False
    assert await storage.orders.get_by_order_id(make_order().order_id) is None


async def test_save_built_on_a_stale_copy_is_refused(storage: Any) -> None:
    """Two admins load the same order; the second save would silently undo the first."""
    order = make_order()
    await storage.orders.add(order)
    first = order.change_status(payment=PaymentStatus.PAID, by="sana", now=T0 + timedelta(1))
    second = order.change_status(order=OrderStatus.PROCESSING, by="omar", now=T0 + timedelta(2))
    assert await storage.orders.save(first) is True
    with pytest.raises(Conflict):
        await storage.orders.save(second)
    stale_notes = order.with_tracking(estimated_delivery=None, tracking_notes="x", now=T0)
    with pytest.raises(Conflict):
        await storage.orders.save(stale_notes)
    assert await storage.orders.get(order.id) == first


# --- search ------------------------------------------------------------------------------


async def seed_four(storage: Any) -> dict[str, Order]:
    """Four orders over three days with different customers, methods and statuses."""
    ayesha = make_order(1, day=date(2026, 11, 20), at=T0 - timedelta(days=1))
    bilal = make_order(
        2,
        at=T0,
        customer=customer(name="Bilal Ahmed", phone="+44 7911 123456", phone_e164="+447911123456"),
        payment_method=PaymentMethod.MEEZAN_BANK,
    ).change_status(payment=PaymentStatus.PAID, by="sana", now=T0)
    zoe = make_order(
        3,
        at=T0 + timedelta(minutes=5),
        customer=customer(name="Zoë Ährens", phone="0321-7654321", phone_e164="+923217654321"),
        payment_method=PaymentMethod.INTERNATIONAL_BANK,
    ).change_status(order=OrderStatus.CANCELLED, by="sana", now=T0)
    sara = make_order(
        1,
        day=date(2026, 11, 22),
        at=T0 + timedelta(days=1),
        customer=customer(name="Sara Ali", phone="0333 9876543", phone_e164="+923339876543"),
    ).change_status(payment=PaymentStatus.VERIFIED, order=OrderStatus.DELIVERED, by=None, now=T0)
    orders = {"ayesha": ayesha, "bilal": bilal, "zoe": zoe, "sara": sara}
    for order in orders.values():
        await storage.orders.add(order)
    return orders


async def found(storage: Any, orders: dict[str, Order], **filters: Any) -> list[str]:
    names = {order.id: name for name, order in orders.items()}
    page = await storage.orders.search(OrderQuery(**filters))
    assert page.total == len(page.items)  # one page holds all of these small results
    return [names[order.id] for order in page.items]


async def test_search_without_filters_lists_newest_first_with_full_orders(storage: Any) -> None:
    orders = await seed_four(storage)
    page = await storage.orders.search(OrderQuery())
    assert page.total == 4 and (page.page, page.limit) == (1, 20)
    assert [o.id for o in page.items] == [orders[n].id for n in ("sara", "zoe", "bilal", "ayesha")]
    assert page.items[2] == orders["bilal"]  # lines and history loaded too


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"payment_status": "Pending"}, ["zoe", "ayesha"]),
        ({"payment_status": "Paid"}, ["bilal"]),
        ({"order_status": "Cancelled"}, ["zoe"]),
        ({"order_status": "Received"}, ["bilal", "ayesha"]),
        ({"delivery_status": "Delivered"}, ["sara"]),
        ({"delivery_status": "Not Started"}, ["zoe", "bilal", "ayesha"]),
        ({"payment_method": "Meezan Bank"}, ["bilal"]),
        ({"payment_method": "Easypaisa"}, ["sara", "ayesha"]),
        ({"payment_method": "easypaisa"}, []),  # exact strings
        ({"start_date": date(2026, 11, 21)}, ["sara", "zoe", "bilal"]),
        ({"end_date": date(2026, 11, 21)}, ["zoe", "bilal", "ayesha"]),
        ({"start_date": date(2026, 11, 21), "end_date": date(2026, 11, 21)}, ["zoe", "bilal"]),
        ({"start_date": date(2026, 11, 23)}, []),
        ({"payment_status": "Pending", "payment_method": "Easypaisa"}, ["ayesha"]),
        ({"search": "bq-20261121"}, ["zoe", "bilal"]),
        ({"search": "1121-003"}, ["zoe"]),
        ({"search": "BQ-20261122-001"}, ["sara"]),
        ({"search": "khan"}, ["ayesha"]),
        ({"search": "AHMED"}, ["bilal"]),
        ({"search": "ZOË ähr"}, ["zoe"]),
        ({"search": "300 123"}, ["ayesha"]),  # digits of the phone as typed
        ({"search": "0300-1234567"}, ["ayesha"]),
        ({"search": "447911"}, ["bilal"]),
        ({"search": "92321765"}, ["zoe"]),  # digits of the E.164 form
        ({"search": "  "}, ["sara", "zoe", "bilal", "ayesha"]),
        ({"search": "%"}, []),  # literal, not a wildcard
        ({"search": "Khan 0300"}, []),
        ({"search": "a", "payment_status": "Verified"}, ["sara"]),
    ],
)
async def test_search_filters(storage: Any, filters: dict[str, Any], expected: list[str]) -> None:
    orders = await seed_four(storage)
    assert await found(storage, orders, **filters) == expected


async def test_search_pages_newest_first_and_breaks_ties_by_id(storage: Any) -> None:
    # Sixteen orders share one instant, so only the id orders them; they are inserted in
    # ascending id order so that storage order alone would give the wrong answer.
    orders = [make_order(n, at=T0 + timedelta(seconds=min(n, 10))) for n in range(1, 26)]
    for order in sorted(orders, key=lambda o: (o.created_at, o.id)):
        await storage.orders.add(order)
    expected = [o.id for o in sorted(orders, key=lambda o: (o.created_at, o.id), reverse=True)]
    seen: list[UUID] = []
    for number in (1, 2, 3):
        page = await storage.orders.search(OrderQuery(paging=PageRequest(number, 10)))
        assert (page.total, page.page, page.limit) == (25, number, 10)
        seen += [o.id for o in page.items]
    assert seen == expected
    past_end = await storage.orders.search(OrderQuery(paging=PageRequest(4, 10)))
    assert list(past_end.items) == []
    assert past_end.total == 25 and past_end.total_pages == 3


async def test_search_total_counts_every_match_not_just_the_page(storage: Any) -> None:
    for n in range(1, 8):
        await storage.orders.add(make_order(n, at=T0 + timedelta(seconds=n)))
    page = await storage.orders.search(OrderQuery(search="BQ-2026", paging=PageRequest(2, 3)))
    assert page.total == 7
    assert [o.order_id.number for o in page.items] == [4, 3, 2]


# --- order numbers -----------------------------------------------------------------------


async def test_numbers_count_from_one_separately_per_day(storage: Any) -> None:
    seq = storage.order_sequence
    assert [await seq.next_number(DAY) for _ in range(3)] == [1, 2, 3]
    assert await seq.next_number(DAY + timedelta(days=1)) == 1
    assert await seq.next_number(DAY) == 4
    assert await seq.next_number(DAY - timedelta(days=365)) == 1


async def test_numbers_grow_past_999(storage: Any) -> None:
    numbers = [await storage.order_sequence.next_number(DAY) for _ in range(1001)]
    assert numbers == list(range(1, 1002))
    assert str(OrderId.compose(DAY, numbers[999])) == "BQ-20261121-1000"


async def test_concurrent_numbers_are_distinct_without_gaps(storage: Any) -> None:
    other_day = DAY + timedelta(days=1)
    days = [DAY] * 50 + [other_day] * 10
    numbers = await asyncio.gather(*(storage.order_sequence.next_number(d) for d in days))
    assert sorted(numbers[:50]) == list(range(1, 51))
    assert sorted(numbers[50:]) == list(range(1, 11))


# --- idempotency keys --------------------------------------------------------------------

TTL = 24 * 60 * 60
RESPONSE = StoredResponse(201, b'{"order_id": "BQ-20261121-001"}\xff\x00', "/api/orders/track")


async def test_claim_in_flight_complete_then_replay(storage: Any) -> None:
    store = storage.idempotency
    assert (await store.claim("k1", "fp-a", T0, TTL)).state is ClaimState.NEW
    in_flight = await store.claim("k1", "fp-a", T0 + timedelta(seconds=1), TTL)
    assert in_flight.state is ClaimState.IN_FLIGHT and in_flight.response is None
    await store.complete("k1", RESPONSE)
    replay = await store.claim("k1", "fp-a", T0 + timedelta(hours=23), TTL)
    assert replay.state is ClaimState.REPLAY
    assert replay.response == RESPONSE
    assert (await store.claim("other", "fp-a", T0, TTL)).state is ClaimState.NEW


async def test_replay_keeps_a_missing_location(storage: Any) -> None:
    store = storage.idempotency
    await store.claim("k", "fp", T0, TTL)
    await store.complete("k", StoredResponse(200, b""))
    replay = await store.claim("k", "fp", T0, TTL)
    assert replay.response == StoredResponse(200, b"", None)


async def test_a_different_body_is_a_mismatch_in_flight_or_done(storage: Any) -> None:
    store = storage.idempotency
    await store.claim("k1", "fp-a", T0, TTL)
    assert (await store.claim("k1", "fp-b", T0, TTL)).state is ClaimState.MISMATCH
    await store.complete("k1", RESPONSE)
    mismatch = await store.claim("k1", "fp-b", T0, TTL)
    assert mismatch.state is ClaimState.MISMATCH and mismatch.response is None


async def test_release_frees_an_in_flight_key_but_never_a_finished_one(storage: Any) -> None:
    store = storage.idempotency
    await store.claim("k1", "fp-a", T0, TTL)
    await store.release("k1")
    assert (await store.claim("k1", "fp-b", T0, TTL)).state is ClaimState.NEW
    await store.complete("k1", RESPONSE)
    await store.release("k1")
    assert (await store.claim("k1", "fp-b", T0, TTL)).state is ClaimState.REPLAY
    await store.release("never-claimed")  # harmless


async def test_keys_expire_after_their_ttl(storage: Any) -> None:
    store = storage.idempotency
    await store.claim("done", "fp-a", T0, TTL)
    await store.complete("done", RESPONSE)
    await store.claim("stuck", "fp-a", T0, TTL)  # its request crashed: never completed
    just_before = T0 + timedelta(seconds=TTL - 1)
    assert (await store.claim("done", "fp-a", just_before, TTL)).state is ClaimState.REPLAY
    assert (await store.claim("stuck", "fp-a", just_before, TTL)).state is ClaimState.IN_FLIGHT
    expiry = T0 + timedelta(seconds=TTL)
    assert (await store.claim("done", "fp-b", expiry, TTL)).state is ClaimState.NEW
    assert (await store.claim("stuck", "fp-a", expiry, TTL)).state is ClaimState.NEW
    # A re-taken key is a fresh claim: in flight again, with its own new expiry.
    assert (await store.claim("done", "fp-b", expiry, TTL)).state is ClaimState.IN_FLIGHT
    assert (await store.claim("done", "fp-a", expiry, TTL)).state is ClaimState.MISMATCH


async def test_concurrent_claims_of_one_key_give_exactly_one_new(storage: Any) -> None:
    store = storage.idempotency
    claims = await asyncio.gather(*(store.claim("race", "fp", T0, TTL) for _ in range(20)))
    states = [c.state for c in claims]
    assert states.count(ClaimState.NEW) == 1
    assert states.count(ClaimState.IN_FLIGHT) == 19


async def test_concurrent_claims_of_an_expired_key_give_exactly_one_new(storage: Any) -> None:
    store = storage.idempotency
    await store.claim("old", "fp", T0, 60)
    later = T0 + timedelta(minutes=5)
    claims = await asyncio.gather(*(store.claim("old", "fp", later, TTL) for _ in range(20)))
    states = [c.state for c in claims]
    assert states.count(ClaimState.NEW) == 1
    assert states.count(ClaimState.IN_FLIGHT) == 19
