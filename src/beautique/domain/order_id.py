"""OrderId value object and the BQ-YYYYMMDD-NNN policy."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

# ASCII only: without it \d also matches Arabic-Indic and other Unicode digits.
_PATTERN = re.compile(r"BQ-(\d{8})-(\d{3,})", re.IGNORECASE | re.ASCII)


def business_day(at: datetime, store_zone: ZoneInfo) -> date:
    """The store's calendar day at an instant: 23:30 UTC is already tomorrow in Karachi."""
    return at.astimezone(store_zone).date()


@dataclass(frozen=True, slots=True, order=True)
class OrderId:
    """BQ-YYYYMMDD-NNN: the business day and that day's sequence, from 001, past 999 to 1000."""

    value: str

    @classmethod
    def compose(cls, day: date, number: int) -> OrderId:
        if number < 1:
            raise ValueError("order numbers start at 1")
        return cls(f"BQ-{day:%Y%m%d}-{number:03d}")

    @classmethod
    def parse(cls, text: str) -> OrderId | None:
        """Case-insensitive; None for anything that is not a well-formed id.

        The result is the canonical spelling (`bq-20261121-0007` is `BQ-20261121-007`), so it
        compares equal to the id `compose` gave the order.
        """
        match = _PATTERN.fullmatch(text.strip())
        if match is None:
            return None
        try:
            day = datetime.strptime(match.group(1), "%Y%m%d").date()
        except ValueError:
            return None
        number = int(match.group(2))
        return cls.compose(day, number) if number >= 1 else None

    @property
    def day(self) -> date:
        digits = self.value[3:11]  # well-formed by construction: compose() or parse()
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))

    @property
    def number(self) -> int:
        return int(self.value[12:])

    def __str__(self) -> str:
        return self.value
