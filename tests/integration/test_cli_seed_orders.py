"""`beautique seed-demo --orders N`: demo orders in bulk, on SQLite (the real command, twice, in its
own process) and on PostgreSQL, numbered from the real sequences and moved by the real rules."""

from __future__ import annotations

import asyncio
import dataclasses
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from beautique.application.order_export import BATCH_SIZE
from beautique.application.queries import OrderQuery
from beautique.container import build_storage
from beautique.domain.order import Order
from beautique.domain.order_id import business_day
from beautique.domain.order_status import DeliveryStatus, OrderStatus, PaymentStatus
from beautique.entrypoints import cli
from tests.conftest import TEST_ENV, make_settings
from tests.integration.test_cli_seed import run_cli

KARACHI = ZoneInfo("Asia/Karachi")


async def _every_order(database_url: str) -> tuple[list[Order], dict[Any, Any], int]:
    storage = build_storage(make_settings(DATABASE_URL=database_url))
    await storage.open()
    try:
        rows, after = [], None
        while batch := await storage.order_queries.export_batch(OrderQuery(), after, BATCH_SIZE):
            rows += batch
            after = batch[-1].position
        orders = [await storage.orders.get(row.id) for row in rows]
        wanted = {line.product_id for order in orders for line in order.lines}
        products = await storage.products.get_many(wanted)
        today = business_day(datetime.now(UTC), KARACHI)
        next_number = await storage.orders.reserve_numbers(today, 1)
        return orders, products, next_number
    finally:
        await storage.close()


def every_order(database_url: str) -> tuple[list[Order], dict[Any, Any], int]:
    return asyncio.run(_every_order(database_url))


def replayed(order: Order) -> Order:
    """The order rebuilt from a new one by its own history, through the domain's rules."""
    fresh = dataclasses.replace(
        order,
        payment_status=PaymentStatus.PENDING,
        order_status=OrderStatus.RECEIVED,
        delivery_status=DeliveryStatus.NOT_STARTED,
        history=(),
    )
    kinds = {
        "payment_status": ("payment", PaymentStatus),
        "order_status": ("order", OrderStatus),
        "delivery_status": ("delivery", DeliveryStatus),
    }
    for change in order.history:
        name, kind = kinds[change.field]
        moves: dict[str, Any] = {name: kind(change.to)}
        fresh = fresh.change_status(**moves, by=change.by, now=change.at)
    return fresh


def assert_realistic(orders: list[Order], products: dict[Any, Any], next_number: int) -> None:
    now = datetime.now(UTC)
    assert len({o.order_id for o in orders}) == len(orders)
    for order in orders:
        assert now - timedelta(days=60, minutes=5) <= order.created_at <= now
        assert order.order_date == business_day(order.created_at, KARACHI) == order.order_id.day
        assert 1 <= len(order.lines) <= 4
        assert all(ln.unit_price == products[ln.product_id].effective_price for ln in order.lines)
        again = replayed(order)  # the history is legal and explains the statuses
        assert (again.payment_status, again.order_status, again.delivery_status) == (
            order.payment_status, order.order_status, order.delivery_status,
        )  # fmt: skip
        assert all(c.by == "admin" and order.created_at <= c.at <= now for c in order.history)
    statuses = Counter(o.order_status for o in orders)
    assert {OrderStatus.RECEIVED, OrderStatus.DELIVERED, OrderStatus.CANCELLED} <= set(statuses)
    today = business_day(now, KARACHI)
    taken = [o.order_id.number for o in orders if o.order_date == today]
    assert next_number == max(taken, default=0) + 1  # a checkout now takes the next number


def test_seed_demo_orders_twice_on_sqlite_adds_more_each_time(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shop.db'}"
    first = run_cli("seed-demo", "--orders", "400", DATABASE_URL=url)
    assert first.returncode == 0, first.stderr
    assert "seeded 40 demo product(s)" in first.stdout and "added 400 demo order(s)" in first.stdout
    second = run_cli("seed-demo", "--orders", "300", DATABASE_URL=url)
    assert second.returncode == 0, second.stderr
    assert "catalogue not empty" in second.stdout and "added 300 demo order(s)" in second.stdout
    orders, products, next_number = every_order(url)
    assert len(orders) == 700
    assert_realistic(orders, products, next_number)


def test_seed_demo_orders_on_postgres(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {**TEST_ENV, "DATABASE_URL": pg_url}.items():
        monkeypatch.setenv(name, value)
    assert cli.main(["seed-demo", "--orders", "600"]) == 0
    orders, products, next_number = every_order(pg_url)
    assert len(orders) == 600
    assert_realistic(orders, products, next_number)


def test_demo_orders_are_refused_in_production(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shop.db'}"
    refused = run_cli("seed-demo", "--orders", "5", DATABASE_URL=url, BEAUTIQUE_ENV="production")
    assert refused.returncode == 2 and "never added in production" in refused.stderr
    assert run_cli("seed-demo", "--orders", "-3", DATABASE_URL=url).returncode == 2
