"""GET /api/admin/orders and GET /api/admin/orders/{id} (contract #15, #16) through the real app."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any
from uuid import uuid4

import pytest

from beautique.domain.order import Order
from tests.builders import T0, make_order
from tests.contract.test_order_queries import seed_four
from tests.http.admin_support import Client, sign_in, store, stored

LIST_KEYS = [
    "id", "order_id", "customer_name", "phone", "total_amount", "payment_method",
    "payment_status", "order_status", "delivery_status", "order_date", "created_at",
]  # fmt: skip
DETAIL_KEYS = [
    "id", "order_id", "customer_name", "phone", "whatsapp", "email", "address", "city",
    "country", "notes", "items", "total_amount", "payment_method", "payment_status",
    "order_status", "delivery_status", "estimated_delivery", "tracking_notes", "order_date",
    "created_at", "updated_at", "history",
]  # fmt: skip


@pytest.fixture(params=["memory", "sqlite", "postgres"])
def shop(
    request: pytest.FixtureRequest, client_factory: Callable[..., Client]
) -> tuple[Client, dict[str, str], dict[str, Order]]:
    client = client_factory(backend=request.param)
    headers = sign_in(client)
    orders: dict[str, Order] = client.blocking_portal.call(
        seed_four, client.app.state["container"].storage()
    )
    return client, headers, orders


def listed(
    client: Client, headers: dict[str, str], orders: dict[str, Order], query: str
) -> list[str]:
    response = client.get(f"/api/admin/orders?{query}", headers=headers)
    assert response.status_code == 200, response.text
    names = {str(order.id): name for name, order in orders.items()}
    return [names[item["id"]] for item in response.json()["items"]]


def test_the_list_shows_list_items_newest_first_in_the_envelope(shop: Any) -> None:
    client, headers, orders = shop
    body = client.get("/api/admin/orders", headers=headers).json()
    assert (body["total"], body["page"], body["limit"], body["total_pages"]) == (4, 1, 20, 1)
    bilal = body["items"][2]
    assert list(bilal) == LIST_KEYS
    assert bilal["id"] == str(orders["bilal"].id) and bilal["order_id"] == "BQ-20261121-002"
    assert (bilal["phone"], bilal["payment_status"], bilal["total_amount"]) == (
        "+44 7911 123456",
        "Paid",
        9901,
    )
    assert listed(client, headers, orders, "") == ["sara", "zoe", "bilal", "ayesha"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("payment_status=Pending", ["zoe", "ayesha"]),
        ("payment_status=verified", ["sara"]),  # query filters accept any letter case
        ("order_status=Cancelled", ["zoe"]),
        ("delivery_status=Not%20Started", ["zoe", "bilal", "ayesha"]),
        ("delivery_status=not-started", ["zoe", "bilal", "ayesha"]),
        ("payment_method=Meezan%20Bank", ["bilal"]),
        ("start_date=2026-11-21", ["sara", "zoe", "bilal"]),
        ("end_date=2026-11-20", ["ayesha"]),
        ("start_date=2026-11-21&end_date=2026-11-21", ["zoe", "bilal"]),
        ("search=bq-20261121-00", ["zoe", "bilal"]),  # order id: partial, any case
        ("search=1122-001", ["sara"]),
        ("search=AYESHA%20kh", ["ayesha"]),  # customer name: any case
        ("search=zo%C3%AB", ["zoe"]),
        ("search=3001234567", ["ayesha"]),  # phone digits in any spelling
        ("search=03001234567", ["ayesha"]),
        ("search=0300-1234567", ["ayesha"]),
        ("search=%2B92%20300%201234567", ["ayesha"]),
        ("search=0092%20300%201234567", ["ayesha"]),
        ("search=07911%20123456", ["bilal"]),  # a UK number typed the national way
        ("search=-001", ["sara", "ayesha"]),  # too few digits to be a phone: the order number
        ("search=%25", []),
        ("search=&payment_status=", ["sara", "zoe", "bilal", "ayesha"]),  # empty = not sent
        ("payment_status=Pending&payment_method=Easypaisa&search=khan", ["ayesha"]),
    ],
)
def test_each_filter(shop: Any, query: str, expected: list[str]) -> None:
    client, headers, orders = shop
    assert listed(client, headers, orders, query) == expected


@pytest.mark.parametrize(
    ("query", "fields"),
    [
        ("payment_status=Refunded", ["payment_status"]),
        ("order_status=Shipped", ["order_status"]),
        ("delivery_status=Lost", ["delivery_status"]),
        ("payment_method=Cash", ["payment_method"]),
        ("start_date=2026-02-30", ["start_date"]),
        ("end_date=21-11-2026", ["end_date"]),
        ("start_date=2026-11-22&end_date=2026-11-21", ["start_date"]),
        ("page=0", ["page"]),
        ("limit=51", ["limit"]),
        ("limit=ten", ["limit"]),
        ("search=" + "x" * 101, ["search"]),
        ("search=a%00b", ["search"]),
        ("order_status=Nope&start_date=x&limit=0", ["order_status", "start_date", "limit"]),
    ],
)
def test_bad_filters_are_422_naming_every_one(shop: Any, query: str, fields: list[str]) -> None:
    client, headers, _ = shop
    response = client.get(f"/api/admin/orders?{query}", headers=headers)
    assert response.status_code == 422, response.text
    assert sorted(response.json()["errors"]) == sorted(fields)
    assert all(field in response.json()["detail"] for field in fields)


def test_paging_and_the_dashboard_panels_limit_of_five(
    client_factory: Callable[..., Client],
) -> None:
    client = client_factory(backend="sqlite")
    headers = sign_in(client)
    store(client, *(make_order(n, at=T0 + timedelta(minutes=n)) for n in range(1, 13)))
    five = client.get("/api/admin/orders?limit=5", headers=headers).json()
    assert [i["order_id"][-3:] for i in five["items"]] == ["012", "011", "010", "009", "008"]
    assert (five["total"], five["limit"], five["total_pages"]) == (12, 5, 3)
    last = client.get("/api/admin/orders?limit=5&page=3", headers=headers).json()
    assert [i["order_id"][-3:] for i in last["items"]] == ["002", "001"]
    past = client.get("/api/admin/orders?limit=5&page=9", headers=headers).json()
    assert (past["items"], past["total"], past["page"]) == ([], 12, 9)


def test_detail_shows_every_field_and_the_history_with_who(shop: Any) -> None:
    client, headers, orders = shop
    sara = orders["sara"]
    body = client.get(f"/api/admin/orders/{sara.id}", headers=headers).json()
    assert list(body) == DETAIL_KEYS
    assert (body["whatsapp"], body["email"], body["notes"]) == (
        "+92 300 1234567",
        "ayesha@example.com",
        "Call before delivery",
    )
    assert body["items"][0]["name"] == "Silk Maxi - Red" and body["items"][0]["price"] == 4950.5
    assert [(h["field"], h["from"], h["to"], h["by"]) for h in body["history"]] == [
        ("payment_status", "Pending", "Verified", None),
        ("order_status", "Received", "Delivered", None),
        ("delivery_status", "Not Started", "Delivered", None),
    ]
    zoe = client.get(f"/api/admin/orders/{str(orders['zoe'].id).upper()}", headers=headers)
    assert zoe.json()["history"][0]["by"] == "sana"


@pytest.mark.parametrize("raw", [str(uuid4()), "BQ-20261121-001", "not-a-uuid", "1"])
def test_detail_of_an_unknown_or_malformed_id_is_404(shop: Any, raw: str) -> None:
    client, headers, _ = shop
    response = client.get(f"/api/admin/orders/{raw}", headers=headers)
    assert response.status_code == 404
    assert response.json() == {"detail": "Order not found"}


def test_admin_order_routes_need_a_token(client: Client) -> None:
    order = make_order()
    store(client, order)
    for path in ("/api/admin/orders", f"/api/admin/orders/{order.id}", "/api/admin/orders/export"):
        assert client.get(path).status_code == 401
    assert client.get("/api/admin/analytics/dashboard").status_code == 401
    refused = client.patch(f"/api/admin/orders/{order.id}/status", json={"order_status": "Ready"})
    assert refused.status_code == 401
    assert stored(client, order) == order
