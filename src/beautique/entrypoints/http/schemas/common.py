"""Shapes shared by several resources: the list envelope, and `mapper` for response mappers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import attrgetter
from typing import Any, Generic, TypeVar

import msgspec

from beautique.application.queries import Page

T = TypeVar("T")
U = TypeVar("U")
S = TypeVar("S", bound=msgspec.Struct)


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


def mapper(source: type[U], out: type[S], **fields: str | Callable[[U], Any]) -> Callable[[U], S]:
    """A response mapper from `source` objects to `out` Structs. A field of `out` is read from the
    source's attribute of the same name unless `fields` says otherwise: an attribute path
    (`"category.value"`) or a function of the source. Worked out once, so a call only reads."""
    unknown = set(fields) - set(out.__struct_fields__)
    if unknown:
        raise TypeError(f"{out.__name__} has no field {', '.join(sorted(unknown))}")
    getters = [_getter(fields.get(name, name)) for name in out.__struct_fields__]

    def to_wire(item: U) -> S:
        return out(*[get(item) for get in getters])

    to_wire.__name__ = f"to_{out.__name__}"
    return to_wire


def _getter(how: str | Callable[[Any], Any]) -> Callable[[Any], Any]:
    return attrgetter(how) if isinstance(how, str) else how
