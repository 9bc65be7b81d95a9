"""The SQL of the admin order list and export, shared by both SQL adapters, and the filters a query
turns into. Placeholders are psycopg's `%(name)s`; the SQLite adapter rewrites them with
`placeholders.for_sqlite`. Each adapter adds its own search fragments to COLUMN_FILTERS: the two
backends search text differently (LIKE over trigram indexes; instr() behind FTS5 candidates).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from beautique.application.queries import OrderQuery

from .order_rows import EXPORT_COLUMNS, LIST_COLUMNS

NEWEST = "ORDER BY created_at DESC, id DESC"
SELECT_PAGE = (
    f"SELECT {LIST_COLUMNS} FROM orders WHERE {{where}} {NEWEST} LIMIT %(limit)s OFFSET %(offset)s"
)
COUNT = "SELECT count(*) AS total FROM orders WHERE {where}"
# A sum over a few rows per business day, whatever the number of orders.
COUNT_FROM_TOTALS = "SELECT coalesce(sum(orders), 0) AS total FROM order_totals WHERE {where}"
SELECT_BATCH = f"SELECT {EXPORT_COLUMNS} FROM orders WHERE {{where}} {NEWEST} LIMIT %(size)s"
AFTER = "(created_at, id) < (%(after_at)s, %(after_id)s)"
# The items of a batch of exported orders; `{in_ids}` is the backend's test of membership in `ids`.
SELECT_ITEMS = (
    "SELECT order_uuid, name, size, color, quantity FROM order_lines "
    "WHERE order_uuid {in_ids} ORDER BY order_uuid, position"
)
# The fragments, joined with AND, of every filter but the search; keyed by `order_filters` names.
COLUMN_FILTERS = {
    "payment_status": "payment_status = %(payment_status)s",
    "order_status": "order_status = %(order_status)s",
    "delivery_status": "delivery_status = %(delivery_status)s",
    "payment_method": "payment_method = %(payment_method)s",
    "start_date": "order_date >= %(start_date)s",
    "end_date": "order_date <= %(end_date)s",
    "created_from": "created_at >= %(created_from)s",
    "created_before": "created_at < %(created_before)s",
}

# `order_date` is the store's business day of `created_at`. Whatever the store's zone (UTC-12 to
# UTC+14), a day's instants lie within 14 hours of that day in UTC, so a date filter can add this
# looser bound on `created_at` and walk the newest-first index instead of sorting the whole range.
ZONE_SLACK = timedelta(hours=14)
# The filters that are columns of the running totals (order_totals), which can count without orders.
TOTALS_FILTERS = frozenset(
    {
        "payment_status",
        "order_status",
        "delivery_status",
        "payment_method",
        "start_date",
        "end_date",
    }
)
# The looser bounds on `created_at` that the date filters add: the totals need only the dates.
IMPLIED_BY_DATES = frozenset({"created_from", "created_before"})
ONE_DAY = timedelta(days=1)


def _midnight(day: date, shift: timedelta) -> datetime | None:
    """Midnight UTC of `day`, shifted; None past the ends of the calendar (0001-01-01 minus the
    slack, 9999-12-31 plus a day), where the looser bound would bind nothing anyway."""
    try:
        return datetime.combine(day, time(), UTC) + shift
    except OverflowError:
        return None


def order_filters(query: OrderQuery) -> tuple[list[str], dict[str, Any]]:
    """The names of the filters a query uses (keys of COLUMN_FILTERS and of the adapters' search
    fragments) and their bound values. Date filters add `created_from`/`created_before` (see
    ZONE_SLACK). A search is `search` (order id or name) or, when the text looks like a phone,
    `search_phone` (order id, name or phone); both bind `search_upper`, `search_folded` and
    `search_digits`. Adapters may rewrite the search values into the patterns their SQL needs."""
    statuses = {
        "payment_status": query.payment_status,
        "order_status": query.order_status,
        "delivery_status": query.delivery_status,
        "payment_method": query.payment_method,
    }
    values: dict[str, Any] = {
        **{name: status.value for name, status in statuses.items() if status is not None},
        "start_date": query.start_date,
        "end_date": query.end_date,
    }
    params = {name: value for name, value in values.items() if value is not None}
    names = list(params)
    if query.start_date is not None and (start := _midnight(query.start_date, -ZONE_SLACK)):
        names.append("created_from")
        params["created_from"] = start
    if query.end_date is not None and (end := _midnight(query.end_date, ONE_DAY + ZONE_SLACK)):
        names.append("created_before")
        params["created_before"] = end
    if (terms := query.search_terms) is not None:
        names.append("search_phone" if terms.digits else "search")
        params.update(
            search_upper=terms.upper, search_folded=terms.folded, search_digits=terms.digits
        )
    return names, params


def count_statement(names: list[str]) -> tuple[str, list[str]]:
    """How to count the orders these filters match, and the filters its `{where}` applies. Without
    a search every filter is a column of the running totals (or implied by one): COUNT_FROM_TOTALS."""
    if set(names) <= TOTALS_FILTERS | IMPLIED_BY_DATES:
        return COUNT_FROM_TOTALS, [name for name in names if name in TOTALS_FILTERS]
    return COUNT, names
