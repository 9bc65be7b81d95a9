"""OrderId value object and the BQ-YYYYMMDD-NNN policy. (Filled in by the ordering work.)"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class OrderId:
    """BQ-YYYYMMDD-NNN: the business day in the store's time zone and the day's sequence."""

    value: str

    def __str__(self) -> str:
        return self.value
