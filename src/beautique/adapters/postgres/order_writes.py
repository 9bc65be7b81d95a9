"""Order rows as PostgreSQL takes them, and the inserts of placed orders (one or a batch)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from beautique.adapters.sql import order_rows
from beautique.adapters.sql.order_statements import INSERT_CHANGE, INSERT_LINE, INSERT_ORDER
from beautique.application.ports import KeyCompletion
from beautique.domain.order import Order

from .database import AsyncConn
from .idempotency import finish_keys
from .values import aware

Placed = tuple[Order, KeyCompletion | None]


async def insert_orders(conn: AsyncConn, placed: Sequence[Placed]) -> None:
    """The orders, their lines and history, and their keys' completions, in the caller's
    transaction. The caller runs this in a pipeline: one round trip for all of it. LeaseLost
    (rolling it all back) when any key's lease has been lost meanwhile."""
    orders = [order for order, _ in placed]
    # In product order: the lock order of product_totals rows (migration 005), batch-wide.
    lines = [line for order in orders for line in order_rows.line_values(order)]
    lines.sort(key=lambda line: line["product_id"])
    async with conn.cursor() as cur:
        await cur.executemany(INSERT_ORDER, [order_params(order) for order in orders])
        await cur.executemany(INSERT_LINE, lines)
        await cur.executemany(INSERT_CHANGE, [c for o in orders for c in change_params(o, 0)])
    await finish_keys(conn, [completion for _, completion in placed if completion is not None])


def order_params(order: Order) -> dict[str, Any]:
    values = order_rows.order_values(order)
    return {**values, "created_at": aware(order.created_at), "updated_at": aware(order.updated_at)}


def change_params(order: Order, start: int) -> list[dict[str, Any]]:
    return [
        {**values, "at": aware(values["at"])} for values in order_rows.change_values(order, start)
    ]
