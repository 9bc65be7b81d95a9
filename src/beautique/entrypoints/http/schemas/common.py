"""Shapes shared by several resources: the list envelope and the error body."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

import msgspec

from beautique.application.queries import Page

T = TypeVar("T")
U = TypeVar("U")


class Envelope(msgspec.Struct, Generic[T]):
    """`{"items", "total", "page", "limit", "total_pages"}` of every list endpoint."""

    items: Sequence[T]
    total: int
    page: int
    limit: int
    total_pages: int


def envelope(page: Page[U], to_wire: Callable[[U], T]) -> Envelope[T]:
    return Envelope(
        items=[to_wire(item) for item in page.items],
        total=page.total,
        page=page.page,
        limit=page.limit,
        total_pages=page.total_pages,
    )
