"""CheckoutBatches: on PostgreSQL, the checkouts that arrive while one batch is being stored are
stored together in the next (group commit).

One checkout alone costs three round trips and a commit: read its products, take its number,
then insert it all and COMMIT. Under load, a batch of them costs the same three round trips
and one commit in all: one read of every product they name, one number upsert per business day
for all of them, and one pipelined transaction for every row. Each checkout keeps its own
outcome:

- a cart refused on price or stock fails alone, before any number is taken;
- if the batch's transaction is refused (a key's lease lost, an id taken), it is rolled back
  and each order is stored alone, as a single checkout would be, so the error reaches only the
  order it belongs to;
- anything else (the database unreachable) fails the whole batch, as it would each checkout.

Nobody hears of success before the COMMIT that stored their order.
"""

from __future__ import annotations

import asyncio
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from uuid import UUID

import psycopg

from beautique.adapters.sql.order_statements import RESERVE_NUMBERS
from beautique.application.errors import Conflict, LeaseLost
from beautique.application.ports import NumberOrder, PriceCart
from beautique.domain.order import Order

from .database import AsyncConn, PostgresDatabase
from .errors import duplicate_is_conflict
from .order_writes import Placed, insert_orders
from .products import products_in

MOST_PER_BATCH = 64  # bounds one transaction's size and the wait of the batch's last checkout


@dataclass(slots=True)
class _Checkout:
    product_ids: Collection[UUID]
    day: date
    price: PriceCart
    outcome: asyncio.Future[Order]


class CheckoutBatches:
    """One batch in flight per process: the next one gathers while it is stored."""

    def __init__(self, db: PostgresDatabase) -> None:
        self._db = db
        self._waiting: list[_Checkout] = []
        self._storing: asyncio.Task[None] | None = None

    async def place(self, product_ids: Collection[UUID], day: date, price: PriceCart) -> Order:
        loop = asyncio.get_running_loop()
        checkout = _Checkout(product_ids, day, price, loop.create_future())
        if self._storing is not None and self._storing.get_loop() is not loop:
            self._waiting.clear()  # left by an event loop that has ended: nobody awaits them
            self._storing = None
        self._waiting.append(checkout)
        if self._storing is None or self._storing.done():
            self._storing = loop.create_task(self._store_while_waiting())
        return await checkout.outcome

    async def _store_while_waiting(self) -> None:
        while self._waiting:
            batch = self._waiting[:MOST_PER_BATCH]
            del self._waiting[:MOST_PER_BATCH]
            # A checkout whose caller has gone (cancelled) is not placed: nobody would hear of it.
            batch = [checkout for checkout in batch if not checkout.outcome.done()]
            try:
                await self._store(batch)
            except BaseException as exc:
                for checkout in batch:
                    _fail(checkout, exc)
                if not isinstance(exc, Exception):  # cancelled (shutdown): stop here
                    raise

    async def _store(self, batch: Sequence[_Checkout]) -> None:
        async with self._db.session() as conn:
            wanted = {pid for checkout in batch for pid in checkout.product_ids}
            catalogue = await products_in(conn, wanted)
            priced: list[tuple[_Checkout, NumberOrder]] = []
            for checkout in batch:
                try:
                    priced.append((checkout, checkout.price(catalogue)))
                except Exception as exc:  # a refused cart: no number is taken for it
                    _fail(checkout, exc)
            placed = await _numbered(conn, priced)
            try:
                async with conn.pipeline(), conn.transaction():  # one round trip, COMMIT too
                    await insert_orders(conn, [order for _, order in placed])
            except (psycopg.IntegrityError, LeaseLost):
                await _store_one_by_one(conn, placed)
                return
        for checkout, (order, _) in placed:
            _succeed(checkout, order)


async def _numbered(
    conn: AsyncConn, priced: Sequence[tuple[_Checkout, NumberOrder]]
) -> list[tuple[_Checkout, Placed]]:
    """Each priced cart made into its order with the next numbers of its day: one upsert per
    day, in its own transaction, so the day's counter row is locked for that statement only."""
    placed = []
    for day in dict.fromkeys(checkout.day for checkout, _ in priced):
        of_the_day = [(checkout, numbered) for checkout, numbered in priced if checkout.day == day]
        taken = await conn.execute(RESERVE_NUMBERS, {"day": day, "count": len(of_the_day)})
        row = await taken.fetchone()
        assert row is not None  # an upsert with RETURNING always returns its row
        first = row["last_number"] - len(of_the_day) + 1
        for offset, (checkout, numbered) in enumerate(of_the_day):
            try:
                placed.append((checkout, numbered(first + offset)))
            except Exception as exc:  # its number stays unused: a gap, as a failed write leaves
                _fail(checkout, exc)
    return placed


async def _store_one_by_one(conn: AsyncConn, placed: Sequence[tuple[_Checkout, Placed]]) -> None:
    """Each order in a transaction of its own: a refusal fails its own checkout only; a broken
    connection fails the rest of the batch (raised to the caller)."""
    for checkout, (order, completion) in placed:
        try:
            with duplicate_is_conflict(f"Order {order.order_id} already exists"):
                async with conn.pipeline(), conn.transaction():
                    await insert_orders(conn, [(order, completion)])
        except (Conflict, psycopg.IntegrityError) as exc:  # LeaseLost is a Conflict
            _fail(checkout, exc)
        else:
            _succeed(checkout, order)


def _succeed(checkout: _Checkout, order: Order) -> None:
    if not checkout.outcome.done():
        checkout.outcome.set_result(order)


def _fail(checkout: _Checkout, exc: BaseException) -> None:
    if checkout.outcome.done():
        return
    if isinstance(exc, asyncio.CancelledError):  # a future cannot be given one to raise
        checkout.outcome.cancel()
    else:
        checkout.outcome.set_exception(exc)
