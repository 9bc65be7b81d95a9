"""The dashboard's SQL, shared by both SQL adapters, and the mapping of its rows to DashboardFigures.

Every figure is read from the running totals the triggers of migration 005 keep (`order_totals`,
a few rows per business day; `product_totals`, one row per product), so the dashboard costs the
same with a hundred orders or a million. Placeholders are psycopg's `%(name)s`; the SQLite adapter
rewrites them with `placeholders.for_sqlite`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from beautique.application.order_views import (
    DashboardFigures,
    DayFigures,
    OrderListRow,
    TopProduct,
    every_day,
    status_counts,
)

REVENUE = "payment_status = 'Verified' AND order_status <> 'Cancelled'"
SUMMARY = (
    "SELECT coalesce(sum(orders), 0) AS total_orders, "
    f"coalesce(sum(amount) FILTER (WHERE {REVENUE}), 0) AS total_revenue, "
    f"coalesce(sum(orders) FILTER (WHERE {REVENUE}), 0) AS revenue_orders, "
    "coalesce(sum(orders) FILTER (WHERE payment_status = 'Pending' "
    "AND order_status <> 'Cancelled'), 0) AS pending_payments, "
    "coalesce(sum(orders) FILTER (WHERE order_status = 'Ready'), 0) AS orders_ready "
    "FROM order_totals"
)
# One statement for the three status maps: (field, status, orders).
BY_STATUS = " UNION ALL ".join(
    f"SELECT '{field}' AS field, {field} AS status, sum(orders) AS orders "
    f"FROM order_totals GROUP BY {field}"
    for field in ("order_status", "payment_status", "delivery_status")
)
BY_DAY = (
    "SELECT order_date AS day, sum(orders) AS orders, "
    f"coalesce(sum(amount) FILTER (WHERE {REVENUE}), 0) AS revenue "
    "FROM order_totals WHERE order_date >= %(first_day)s AND order_date <= %(last_day)s "
    "GROUP BY order_date"
)
TOP_PRODUCTS = (
    "SELECT product_id, name, quantity, revenue FROM product_totals WHERE quantity > 0 "
    "ORDER BY quantity DESC, revenue DESC, product_id LIMIT 5"
)
RECENT_LIMIT = 5


def dashboard_figures(
    summary: Mapping[str, Any],
    by_status: Iterable[Mapping[str, Any]],
    days: Iterable[Mapping[str, Any]],
    top: Iterable[Mapping[str, Any]],
    recent: Sequence[OrderListRow],
    window: tuple[date, date],
    money: Callable[[Any], Decimal],
) -> DashboardFigures:
    """Rows of the queries above → figures; `money` and the row values are in the adapter's
    stored types already turned back (dates as `date`, ids as `UUID`), except amounts."""
    counts: dict[str, dict[str, int]] = {
        "order_status": {},
        "payment_status": {},
        "delivery_status": {},
    }
    for row in by_status:
        counts[row["field"]][row["status"]] = int(row["orders"])
    found = {
        row["day"]: DayFigures(row["day"], int(row["orders"]), money(row["revenue"]))
        for row in days
    }
    return DashboardFigures(
        total_orders=int(summary["total_orders"]),
        total_revenue=money(summary["total_revenue"]),
        revenue_orders=int(summary["revenue_orders"]),
        pending_payments=int(summary["pending_payments"]),
        orders_ready=int(summary["orders_ready"]),
        counts=status_counts(
            counts["order_status"], counts["payment_status"], counts["delivery_status"]
        ),
        revenue_by_day=every_day(window[0], window[1], found),
        top_products=tuple(
            TopProduct(row["product_id"], row["name"], int(row["quantity"]), money(row["revenue"]))
            for row in top
        ),
        recent_orders=tuple(recent),
    )
