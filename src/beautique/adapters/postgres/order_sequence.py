"""PostgresOrderSequence: the per-day order number, allocated atomically."""

from __future__ import annotations

from datetime import date

from .database import PostgresDatabase

# One statement in its own transaction: the row lock lives only for this upsert, so
# concurrent checkouts on any number of machines each get a distinct number without
# queueing behind each other's whole checkout. A checkout that fails later leaves a gap.
RESERVE = (
    "INSERT INTO order_day_sequences (day, last_number) VALUES (%(day)s, %(count)s) "
    "ON CONFLICT (day) DO UPDATE SET last_number = order_day_sequences.last_number + %(count)s "
    "RETURNING last_number"
)


class PostgresOrderSequence:
    """The day's next number from an upsert in its own tiny transaction (never the same twice)."""

    def __init__(self, db: PostgresDatabase) -> None:
        self._db = db

    async def next_number(self, business_day: date) -> int:
        return await self.reserve(business_day, 1)

    async def reserve(self, business_day: date, count: int) -> int:
        async with self._db.connection() as conn:
            cur = await conn.execute(RESERVE, {"day": business_day, "count": count})
            row = await cur.fetchone()
        assert row is not None  # an upsert with RETURNING always returns its row
        last: int = row["last_number"]
        return last - count + 1
