"""SqliteOrderSequence: the per-day order number, allocated atomically."""

from __future__ import annotations

from datetime import date

from .database import SqliteDatabase

RESERVE = (
    "INSERT INTO order_day_sequences (day, last_number) VALUES (:day, :count) "
    "ON CONFLICT (day) DO UPDATE SET last_number = order_day_sequences.last_number + :count "
    "RETURNING last_number"
)


class SqliteOrderSequence:
    """The day's next number, allocated in its own short write transaction (writers queue)."""

    def __init__(self, db: SqliteDatabase) -> None:
        self._db = db

    async def next_number(self, business_day: date) -> int:
        return await self.reserve(business_day, 1)

    async def reserve(self, business_day: date, count: int) -> int:
        params = {"day": business_day.isoformat(), "count": count}
        last: int = await self._db.write(lambda conn: conn.execute(RESERVE, params).fetchone()[0])
        return last - count + 1
