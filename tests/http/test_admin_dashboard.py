"""GET /api/admin/analytics/dashboard (contract #19): every key in order, values on a known shop."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.contract.test_order_dashboard import known_shop
from tests.http.admin_support import Client, freeze_time, sign_in, store

DASHBOARD = "/api/admin/analytics/dashboard"
KEYS = [
    "total_orders", "total_revenue", "pending_payments", "pending_payment", "orders_ready",
    "average_order_value", "orders_by_status", "orders_by_payment_status",
    "orders_by_delivery_status", "revenue_by_day", "top_products", "recent_orders",
]  # fmt: skip
# 10:00 on 22 November in Karachi: the window is 24 October .. 22 November.
MORNING = datetime(2026, 11, 22, 5, 0, tzinfo=UTC)


def dashboard_at(client_factory: Callable[..., Client], now: datetime, **env: str) -> Any:
    client = client_factory(backend=env.pop("backend", "memory"), **env)
    freeze_time(client, now)
    headers = sign_in(client)
    store(client, *known_shop().values())
    response = client.get(DASHBOARD, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize("backend", ["memory", "sqlite", "postgres"])
def test_the_dashboard_of_a_known_shop(client_factory: Callable[..., Client], backend: str) -> None:
    body = dashboard_at(client_factory, MORNING, backend=backend)
    assert list(body) == KEYS
    assert body["total_orders"] == 8
    assert body["total_revenue"] == 18850 and body["average_order_value"] == 6283.33
    assert body["pending_payments"] == body["pending_payment"] == 2
    assert body["orders_ready"] == 1
    assert list(body["orders_by_status"].items()) == [
        ("Received", 3), ("Processing", 1), ("Ready", 1), ("Delivered", 1), ("Cancelled", 2),
    ]  # fmt: skip
    assert list(body["orders_by_payment_status"].items()) == [
        ("Pending", 3), ("Paid", 1), ("Verified", 4),
    ]  # fmt: skip
    assert list(body["orders_by_delivery_status"].items()) == [
        ("Not Started", 6), ("In Progress", 0), ("Out for Delivery", 1), ("Delivered", 1),
    ]  # fmt: skip
    days = body["revenue_by_day"]
    assert len(days) == 30 and list(days[0]) == ["date", "orders", "revenue"]
    assert (days[0]["date"], days[-1]["date"]) == ("2026-10-24", "2026-11-22")
    assert days[0] == {"date": "2026-10-24", "orders": 1, "revenue": 0}  # 00:01 on the first day
    assert days[-2] == {"date": "2026-11-21", "orders": 1, "revenue": 9900}  # 23:59 on the 21st
    assert days[-1] == {"date": "2026-11-22", "orders": 2, "revenue": 7950}  # 00:01 and 09:00
    top = body["top_products"]
    assert list(top[0]) == ["product_id", "name", "quantity", "revenue"]
    assert [(t["product_id"][-1], t["quantity"], t["revenue"]) for t in top] == [
        ("3", 5, 500), ("1", 3, 14850), ("4", 1, 20000), ("2", 1, 3000), ("6", 1, 1500),
    ]  # fmt: skip
    recent = body["recent_orders"]
    assert [r["order_id"] for r in recent] == [
        "BQ-20261122-002", "BQ-20261122-001", "BQ-20261121-001", "BQ-20261120-001",
        "BQ-20261119-001",
    ]  # fmt: skip
    assert list(recent[0]) == [
        "id", "order_id", "customer_name", "phone", "total_amount", "payment_method",
        "payment_status", "order_status", "delivery_status", "order_date", "created_at",
    ]  # fmt: skip


def test_the_window_ends_on_the_store_zones_today(client_factory: Callable[..., Client]) -> None:
    # 19:30 UTC on the 21st is already 00:30 on the 22nd in Karachi ...
    karachi = dashboard_at(client_factory, datetime(2026, 11, 21, 19, 30, tzinfo=UTC))
    assert karachi["revenue_by_day"][-1]["date"] == "2026-11-22"
    # ... but still the 21st for a shop keeping UTC days.
    utc = dashboard_at(
        client_factory, datetime(2026, 11, 21, 19, 30, tzinfo=UTC), STORE_TIMEZONE="UTC"
    )
    assert (utc["revenue_by_day"][0]["date"], utc["revenue_by_day"][-1]["date"]) == (
        "2026-10-23",
        "2026-11-21",
    )
    assert utc["revenue_by_day"][0]["orders"] == 1  # the order dated 23 October is in this window


def test_an_empty_shop_shows_zeros_with_every_key(client_factory: Callable[..., Client]) -> None:
    client = client_factory()
    headers = sign_in(client)
    body = client.get(DASHBOARD, headers=headers).json()
    assert list(body) == KEYS
    assert (body["total_orders"], body["total_revenue"], body["average_order_value"]) == (0, 0, 0)
    assert body["orders_by_status"] == dict.fromkeys(
        ["Received", "Processing", "Ready", "Delivered", "Cancelled"], 0
    )
    assert len(body["revenue_by_day"]) == 30
    assert (body["top_products"], body["recent_orders"]) == ([], [])
