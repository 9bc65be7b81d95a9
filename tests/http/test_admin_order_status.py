"""PATCH /api/admin/orders/{id}/status (contract #17): the §5 rules, history with the admin's name,
tracking fields, and tracking showing each change at once."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pytest

from beautique.domain.order import Order
from beautique.domain.order_status import DeliveryStatus, OrderStatus, PaymentStatus
from tests.builders import make_order
from tests.http.admin_support import Client, sign_in, store, stored

P, S, D = PaymentStatus, OrderStatus, DeliveryStatus
PANEL_BODY = {
    "payment_status": "Verified",
    "order_status": "Delivered",
    "delivery_status": "Not Started",
    "estimated_delivery": None,
    "tracking_notes": "",
}


@pytest.fixture
def admin(client_factory: Callable[..., Client]) -> tuple[Client, dict[str, str]]:
    client = client_factory()
    return client, sign_in(client, "sana")


def patch(client: Client, headers: dict[str, str], order: Order, body: Any) -> Any:
    return client.patch(f"/api/admin/orders/{order.id}/status", headers=headers, json=body)


def statuses(view: dict[str, Any]) -> tuple[str, str, str]:
    return view["payment_status"], view["order_status"], view["delivery_status"]


@pytest.mark.parametrize("backend", ["memory", "sqlite", "postgres"])
def test_the_panels_all_three_statuses_body_delivers_order_and_delivery(
    client_factory: Callable[..., Client], backend: str
) -> None:
    client = client_factory(backend=backend)
    headers = sign_in(client, "sana")
    order = make_order()
    store(client, order)
    response = patch(client, headers, order, PANEL_BODY)
    assert response.status_code == 200, response.text
    view = response.json()
    assert statuses(view) == ("Verified", "Delivered", "Delivered")
    assert [(h["field"], h["from"], h["to"], h["by"]) for h in view["history"]] == [
        ("payment_status", "Pending", "Verified", "sana"),
        ("order_status", "Received", "Delivered", "sana"),
        ("delivery_status", "Not Started", "Delivered", "sana"),
    ]
    assert view["updated_at"] == view["history"][0]["at"] != view["created_at"]
    again = client.get(f"/api/admin/orders/{order.id}", headers=headers).json()
    assert again == view
    tracked = client.get(
        f"/api/orders/track?order_id={order.order_id}&phone=%2B92%20300%201234567"
    ).json()
    assert statuses(tracked) == ("Verified", "Delivered", "Delivered")
    assert [(h["field"], h["to"]) for h in tracked["history"]] == [
        ("payment_status", "Verified"), ("order_status", "Delivered"),
        ("delivery_status", "Delivered"),
    ]  # fmt: skip
    assert "by" not in tracked["history"][0]  # the public view does not name the staff


# (statuses the order has, body, expected statuses after) for legal changes
LEGAL = [
    ((P.PENDING, S.RECEIVED, D.NOT_STARTED), {"payment_status": "Paid"}, ("Paid", "Received", "Not Started")),
    ((P.PENDING, S.RECEIVED, D.NOT_STARTED), {"payment_status": "Verified"}, ("Verified", "Received", "Not Started")),
    ((P.PAID, S.RECEIVED, D.NOT_STARTED), {"payment_status": "Verified"}, ("Verified", "Received", "Not Started")),
    ((P.PENDING, S.RECEIVED, D.NOT_STARTED), {"order_status": "Ready"}, ("Pending", "Ready", "Not Started")),
    ((P.PENDING, S.PROCESSING, D.IN_PROGRESS), {"order_status": "Cancelled"}, ("Pending", "Cancelled", "In Progress")),
    ((P.PENDING, S.READY, D.NOT_STARTED), {"delivery_status": "Out for Delivery"}, ("Pending", "Ready", "Out for Delivery")),
    ((P.PENDING, S.READY, D.NOT_STARTED), {"delivery_status": "Delivered"}, ("Pending", "Delivered", "Delivered")),
    ((P.PENDING, S.READY, D.IN_PROGRESS), {"order_status": "Delivered"}, ("Pending", "Delivered", "Delivered")),
    # equal values count as not sent, before the Delivered coupling is checked
    ((P.PENDING, S.RECEIVED, D.NOT_STARTED), {"order_status": "Received", "delivery_status": "Delivered"}, ("Pending", "Delivered", "Delivered")),
    ((P.PAID, S.READY, D.OUT_FOR_DELIVERY), {"payment_status": "Paid", "order_status": "Delivered", "delivery_status": "Out for Delivery"}, ("Paid", "Delivered", "Delivered")),
    ((P.VERIFIED, S.DELIVERED, D.DELIVERED), {"payment_status": "Verified", "order_status": "Delivered", "delivery_status": "Delivered"}, ("Verified", "Delivered", "Delivered")),
    ((P.PENDING, S.CANCELLED, D.NOT_STARTED), {"payment_status": "Verified", "delivery_status": "Not Started"}, ("Verified", "Cancelled", "Not Started")),
]  # fmt: skip


@pytest.mark.parametrize(("start", "body", "after"), LEGAL)
def test_legal_changes(admin: Any, start: tuple[Any, ...], body: Any, after: Any) -> None:
    client, headers = admin
    order = dataclasses.replace(
        make_order(), payment_status=start[0], order_status=start[1], delivery_status=start[2]
    )
    store(client, order)
    response = patch(client, headers, order, body)
    assert response.status_code == 200, response.text
    assert statuses(response.json()) == after
    changed = [f for f, old, new in zip(("p", "o", "d"), start, after, strict=True) if old != new]
    assert len(response.json()["history"]) == len(changed)  # one entry per real change


# (statuses the order has, body, words the 409 must name)
ILLEGAL = [
    ((P.PAID, S.RECEIVED, D.NOT_STARTED), {"payment_status": "Pending"}, ["payment_status", "Paid", "Pending"]),
    ((P.VERIFIED, S.RECEIVED, D.NOT_STARTED), {"payment_status": "Paid"}, ["payment_status", "Verified", "Paid"]),
    ((P.PENDING, S.READY, D.NOT_STARTED), {"order_status": "Processing"}, ["order_status", "Ready", "Processing"]),
    ((P.PENDING, S.DELIVERED, D.DELIVERED), {"order_status": "Cancelled"}, ["order_status", "Delivered", "Cancelled"]),
    ((P.PENDING, S.CANCELLED, D.NOT_STARTED), {"order_status": "Received"}, ["order_status", "Cancelled", "Received"]),
    ((P.PENDING, S.CANCELLED, D.NOT_STARTED), {"order_status": "Delivered"}, ["order_status", "Cancelled"]),
    ((P.PENDING, S.PROCESSING, D.OUT_FOR_DELIVERY), {"delivery_status": "In Progress"}, ["delivery_status", "Out for Delivery", "In Progress"]),
    ((P.PENDING, S.CANCELLED, D.NOT_STARTED), {"delivery_status": "In Progress"}, ["delivery_status", "Cancelled"]),
    ((P.PENDING, S.RECEIVED, D.NOT_STARTED), {"order_status": "Cancelled", "delivery_status": "In Progress"}, ["delivery_status", "Cancelled"]),
    ((P.PENDING, S.RECEIVED, D.NOT_STARTED), {"order_status": "Delivered", "delivery_status": "In Progress"}, ["order_status", "delivery_status", "In Progress"]),
    ((P.PENDING, S.RECEIVED, D.NOT_STARTED), {"order_status": "Ready", "delivery_status": "Delivered"}, ["order_status", "delivery_status", "Ready"]),
    ((P.PENDING, S.DELIVERED, D.DELIVERED), {"delivery_status": "Out for Delivery"}, ["delivery_status", "Delivered"]),
]  # fmt: skip


@pytest.mark.parametrize(("start", "body", "named"), ILLEGAL)
def test_illegal_or_contradictory_changes_are_409_naming_them(
    admin: Any, start: tuple[Any, ...], body: Any, named: list[str]
) -> None:
    client, headers = admin
    order = dataclasses.replace(
        make_order(), payment_status=start[0], order_status=start[1], delivery_status=start[2]
    )
    store(client, order)
    response = patch(client, headers, order, {**body, "tracking_notes": "not saved either"})
    assert response.status_code == 409, response.text
    assert set(response.json()) == {"detail"}
    assert all(word in response.json()["detail"] for word in named), response.json()
    assert stored(client, order) == order  # nothing at all was written


def test_a_refused_change_writes_none_of_the_body(admin: Any) -> None:
    client, headers = admin
    order = dataclasses.replace(make_order(), payment_status=P.VERIFIED)
    store(client, order)
    body = {"payment_status": "Paid", "order_status": "Ready", "tracking_notes": "TCS 1"}
    assert patch(client, headers, order, body).status_code == 409
    assert stored(client, order) == order


def test_tracking_fields_are_set_and_cleared(admin: Any) -> None:
    client, headers = admin
    order = make_order()
    store(client, order)
    notes = "Booked with TCS\n\tConsignment 77 — Lahore hub"
    view = patch(
        client, headers, order, {"estimated_delivery": "2026-11-25", "tracking_notes": notes}
    ).json()
    assert (view["estimated_delivery"], view["tracking_notes"]) == ("2026-11-25", notes)
    assert view["history"] == [] and view["updated_at"] != view["created_at"]
    kept = patch(client, headers, order, {"payment_status": "Paid"}).json()
    assert (kept["estimated_delivery"], kept["tracking_notes"]) == ("2026-11-25", notes)
    cleared = patch(client, headers, order, {"estimated_delivery": None, "tracking_notes": None})
    assert (cleared.json()["estimated_delivery"], cleared.json()["tracking_notes"]) == (None, None)
    patch(client, headers, order, {"estimated_delivery": "2026-11-26", "tracking_notes": "x"})
    emptied = patch(client, headers, order, {"estimated_delivery": "", "tracking_notes": "  "})
    assert (emptied.json()["estimated_delivery"], emptied.json()["tracking_notes"]) == (None, None)


def test_an_empty_body_changes_nothing_and_answers_the_order(admin: Any) -> None:
    client, headers = admin
    order = make_order()
    store(client, order)
    response = patch(client, headers, order, {})
    assert response.status_code == 200
    assert response.json()["updated_at"] == response.json()["created_at"]
    assert stored(client, order) == order
    same = {"payment_status": "Pending", "order_status": "Received", "tracking_notes": None}
    assert patch(client, headers, order, same).status_code == 200
    assert stored(client, order) == order  # values equal to the current ones: no write at all


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"payment_status": "Refunded"}, ["payment_status"]),
        ({"order_status": "delivered"}, ["order_status"]),  # body enums are the exact strings
        ({"estimated_delivery": "25/11/2026"}, ["estimated_delivery"]),
        ({"estimated_delivery": "2026-02-30"}, ["estimated_delivery"]),
        ({"tracking_notes": "x" * 1001}, ["tracking_notes"]),
        ({"tracking_notes": "beep\x07"}, ["tracking_notes"]),
        ({"tracking_notes": "carriage\rreturn"}, ["tracking_notes"]),
        ({"payment_status": "Nope", "delivery_status": "Gone", "tracking_notes": "\x00"},
         ["payment_status", "delivery_status", "tracking_notes"]),
        ({"order_status": None}, ["order_status"]),
        ({"order_status": 3}, ["order_status"]),
        ({"notes": "mass assignment"}, ["notes"]),
    ],
)  # fmt: skip
def test_bad_bodies_are_422_naming_every_field(admin: Any, body: Any, errors: list[str]) -> None:
    client, headers = admin
    order = make_order()
    store(client, order)
    response = patch(client, headers, order, body)
    assert response.status_code == 422, response.text
    assert sorted(response.json()["errors"]) == sorted(errors)
    assert stored(client, order) == order


def test_a_thousand_characters_of_notes_are_fine(admin: Any) -> None:
    client, headers = admin
    order = make_order()
    store(client, order)
    assert patch(client, headers, order, {"tracking_notes": "x" * 1000}).status_code == 200


def test_unknown_orders_malformed_ids_and_malformed_bodies(admin: Any) -> None:
    client, headers = admin
    order = make_order()
    store(client, order)
    unknown = patch(client, headers, make_order(), {"payment_status": "Paid"})
    assert (unknown.status_code, unknown.json()) == (404, {"detail": "Order not found"})
    malformed = client.patch("/api/admin/orders/BQ-1/status", headers=headers, json={})
    assert (malformed.status_code, malformed.json()) == (404, {"detail": "Order not found"})
    url = f"/api/admin/orders/{order.id}/status"
    assert client.patch(url, headers=headers, content=b"{not json").status_code == 400
    assert client.patch(url, headers=headers, content=b"").status_code in (400, 422)
    assert client.patch(url, headers=headers, json=["Paid"]).status_code == 422
