"""In-memory order storage. (Stub: filled in by the ordering work.)"""

from __future__ import annotations


class InMemoryOrderRepository:
    pass


class InMemoryOrderSequence:
    pass


class InMemoryIdempotencyStore:
    pass
