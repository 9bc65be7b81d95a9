"""SqliteOrderSequence: the per-day order number, allocated atomically."""

from __future__ import annotations

from datetime import date

from .database import SqliteDatabase

NEXT_NUMBER = (
    "INSERT INTO order_day_sequences (day, last_number) VALUES (:day, 1) "
    "ON CONFLICT (day) DO UPDATE SET last_number = order_day_sequences.last_number + 1 "
    "RETURNING last_number"
)


class SqliteOrderSequence:
    """The day's next number, allocated in its own short write transaction (writers queue)."""

    def __init__(self, db: SqliteDatabase) -> None:
        self._db = db

    async def next_number(self, business_day: date) -> int:
        params = {"day": business_day.isoformat()}
        number: int = await self._db.write(
            lambda conn: conn.execute(NEXT_NUMBER, params).fetchone()[0]
        )
        return number
