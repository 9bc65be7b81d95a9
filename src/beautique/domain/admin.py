"""AdminUser entity. (Filled in by the admin-auth work.)"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID


@dataclass(frozen=True, slots=True)
class AdminUser:
    """A person who may use the admin panel."""

    id: UUID
