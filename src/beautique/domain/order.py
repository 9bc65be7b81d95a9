"""Order aggregate. (Filled in by the ordering work.)"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID


@dataclass(frozen=True, slots=True)
class Order:
    """An order placed by a customer, with snapshot lines and three status fields."""

    id: UUID
