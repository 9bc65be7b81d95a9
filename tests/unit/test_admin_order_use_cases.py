"""Admin order use cases over the in-memory store: export chunks and cells, dashboard window,
status-change parsing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from beautique.application.admin_orders import KEEP, ChangeOrderStatus, StatusUpdate
from beautique.application.dashboard import ShowDashboard
from beautique.application.errors import NotFound
from beautique.application.order_export import ExportOrders, csv_cells, items_text, safe_cell
from beautique.application.order_views import ExportItem
from beautique.application.params import OrderFilters
from beautique.application.queries import OrderQuery
from beautique.container import memory_storage
from beautique.domain.errors import RuleViolation
from tests.builders import T0, make_order

KARACHI = ZoneInfo("Asia/Karachi")


class FixedClock:
    def __init__(self, now: datetime) -> None:
        self._now = now

    def now(self) -> datetime:
        return self._now


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("=1+1", "'=1+1"), ("+92 300", "'+92 300"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"), ("\rx", "'\rx"), ("a=b", "a=b"), ("'quoted", "'quoted"), ("", ""),
        (" =padded", " =padded"), ("0300", "0300"),
    ],
)  # fmt: skip
def test_cells_a_spreadsheet_would_run_get_an_apostrophe(text: str, safe: str) -> None:
    assert safe_cell(text) == safe


def test_items_and_money_cells() -> None:
    items = [ExportItem("Silk Maxi - Red", "M", "Red", 2), ExportItem("Lawn", "XL", "Sky Blue", 1)]
    assert items_text(items) == "Silk Maxi - Red (M/Red) x2; Lawn (XL/Sky Blue) x1"
    assert items_text([]) == ""


async def test_export_reads_batch_by_batch_and_checks_filters_before_any_byte() -> None:
    storage = memory_storage()
    for n in range(1, 6):
        await storage.orders.add_many([make_order(n, at=T0 + timedelta(minutes=n))])
    export = ExportOrders(storage.order_queries, FixedClock(T0), KARACHI, batch_size=2)
    with pytest.raises(RuleViolation):
        await export(OrderFilters(payment_status="Lost"))
    download = await export(OrderFilters())
    assert download.filename == "orders-20261121.csv"
    chunks = [chunk async for chunk in download.chunks]
    assert len(chunks) == 3  # 2 + 2 + 1 orders: one chunk per batch
    assert chunks[0].startswith("\ufeffOrder ID,".encode())
    lines = b"".join(chunks).decode().splitlines()
    assert [line[:15] for line in lines[1:]] == [f"BQ-20261121-00{n}" for n in range(5, 0, -1)]


async def test_a_cell_row_has_every_column_in_order() -> None:
    storage = memory_storage()
    await storage.orders.add_many([make_order()])
    [row] = await storage.order_queries.export_batch(OrderQuery(), None, 10)
    cells = csv_cells(row)
    assert len(cells) == 18 and cells[0] == "BQ-20261121-001" and cells[10] == "9901.00"
    assert cells[4] == "'+92 300 1234567"  # WhatsApp in international form


async def test_the_dashboard_window_is_thirty_store_days_ending_today() -> None:
    storage = memory_storage()
    late = datetime(2026, 11, 21, 19, 30, tzinfo=UTC)  # 00:30 on the 22nd in Karachi
    figures = await ShowDashboard(storage.order_queries, FixedClock(late), KARACHI)()
    days = [d.day for d in figures.revenue_by_day]
    assert (days[0], days[-1], len(days)) == (date(2026, 10, 24), date(2026, 11, 22), 30)
    assert figures.average_order_value == Decimal("0")


async def test_status_change_of_unknown_or_malformed_ids_is_not_found() -> None:
    storage = memory_storage()
    change = ChangeOrderStatus(storage.orders, FixedClock(T0))
    for raw in ("nope", "00000000-0000-0000-0000-000000000000"):
        with pytest.raises(NotFound, match="Order not found"):
            await change(raw, StatusUpdate(payment_status="Paid"), by="sana")


async def test_nothing_to_change_writes_nothing() -> None:
    storage = memory_storage()
    order = make_order()
    await storage.orders.add_many([order])
    change = ChangeOrderStatus(storage.orders, FixedClock(T0 + timedelta(hours=1)))
    same = StatusUpdate(payment_status="Pending", estimated_delivery=KEEP, tracking_notes=None)
    assert await change(str(order.id), same, by="sana") is order
    assert await storage.orders.get(order.id) is order
