"""The orders as a spreadsheet: a CSV written batch by batch, safe to open in Excel.

The file is produced while it downloads: each batch of orders is read in its own short
transaction (keyset paging on `created_at, id`, newest first), written as CSV into a small buffer
and handed on, so memory stays flat and no database connection is held between batches. Orders
placed while the file downloads are not in it (they are newer than its first row).
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from beautique.domain.order_id import business_day

from .order_views import ExportItem, ExportRow
from .params import OrderFilters, parse_order_filters
from .ports import Clock, OrderQueries
from .queries import OrderQuery

COLUMNS = (
    "Order ID", "Order Date", "Customer Name", "Phone", "WhatsApp", "Email", "City", "Country",
    "Address", "Items", "Total Amount", "Payment Method", "Payment Status", "Order Status",
    "Delivery Status", "Estimated Delivery", "Tracking Notes", "Notes",
)  # fmt: skip
BATCH_SIZE = 500
BOM = "\ufeff"  # so Excel reads the file as UTF-8 (names such as "Zoë" or Urdu text)
# A spreadsheet runs a cell starting with one of these as a formula; customer text is
# attacker-controlled, so such a cell gets a leading apostrophe and stays text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class CsvExport:
    """The download: its file name and its bytes, produced as they are sent."""

    filename: str
    chunks: AsyncIterator[bytes]


@dataclass(frozen=True, slots=True)
class ExportOrders:
    """The list's filters (paging ignored); the first batch is read before anything is sent, so a
    bad filter or an unreachable database is a proper error response, not a truncated file."""

    queries: OrderQueries
    clock: Clock
    store_zone: ZoneInfo
    batch_size: int = BATCH_SIZE

    async def __call__(self, filters: OrderFilters) -> CsvExport:
        query = parse_order_filters(dataclasses.replace(filters, page=None, limit=None))
        first = await self.queries.export_batch(query, None, self.batch_size)
        today = business_day(self.clock.now(), self.store_zone)
        return CsvExport(f"orders-{today:%Y%m%d}.csv", self._chunks(query, first))

    async def _chunks(self, query: OrderQuery, batch: list[ExportRow]) -> AsyncIterator[bytes]:
        yield (BOM + csv_text([COLUMNS, *map(csv_cells, batch)])).encode()
        while len(batch) == self.batch_size:
            batch = await self.queries.export_batch(query, batch[-1].position, self.batch_size)
            if batch:
                yield csv_text(map(csv_cells, batch)).encode()


def csv_text(rows: Iterable[Sequence[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)  # the excel dialect: quoted as needed, CRLF line ends
    return buffer.getvalue()


def csv_cells(row: ExportRow) -> list[str]:
    """One order as the export's cells, each neutralised against formula injection."""
    values = (
        row.order_id,
        row.order_date.isoformat(),
        row.customer_name,
        row.phone,
        row.whatsapp,
        row.email or "",
        row.city,
        row.country,
        row.address,
        items_text(row.items),
        f"{row.total_amount:.2f}",
        row.payment_method.value,
        row.payment_status.value,
        row.order_status.value,
        row.delivery_status.value,
        row.estimated_delivery.isoformat() if row.estimated_delivery else "",
        row.tracking_notes or "",
        row.notes or "",
    )
    return [safe_cell(value) for value in values]


def items_text(items: Iterable[ExportItem]) -> str:
    """`Silk Maxi - Red (M/Red) x2; Lawn Suit (L/Sky Blue) x1`."""
    return "; ".join(f"{i.name} ({i.size}/{i.color}) x{i.quantity}" for i in items)


def safe_cell(text: str) -> str:
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
