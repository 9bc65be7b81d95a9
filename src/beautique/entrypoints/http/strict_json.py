"""JSON types as the schema states them: a number or boolean sent as a string is refused, and so
is 0 or 1 for a boolean.

Litestar converts request bodies to their Structs leniently (`"2"` becomes the quantity 2,
`"4950"` a price, `"true"` or `1` a boolean), so the server would accept what its OpenAPI schema calls
invalid, and money would not be the JSON number of contract §1. Every JSON body is checked here,
against its route's Struct, before that conversion; everything else about the body is left to it.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

import msgspec
from litestar.exceptions import ValidationException
from litestar.handlers import HTTPRouteHandler

_SCALARS = (
    msgspec.inspect.IntType,
    msgspec.inspect.FloatType,
    msgspec.inspect.DecimalType,
    msgspec.inspect.BoolType,
)


def check_body_types(value: Any, handler: HTTPRouteHandler) -> None:
    """Raise a 422 naming each field whose JSON value is a string where the Struct wants a
    number, or anything but true or false where it wants a boolean. Bodies of routes without a Struct body pass untouched."""
    data = handler.parsed_fn_signature.parameters.get("data")
    if data is None or not isinstance(data.annotation, type):
        return
    if not issubclass(data.annotation, msgspec.Struct):
        return
    problems = list(_problems(value, _type_info(data.annotation), "data"))
    if problems:
        raise ValidationException(extra=[{"key": key, "message": msg} for key, msg in problems])


@cache  # a route's body type never changes; translating it costs more than the whole checkout
def _type_info(annotation: type[msgspec.Struct]) -> msgspec.inspect.Type:
    return msgspec.inspect.type_info(annotation)


def _problems(value: Any, kind: msgspec.inspect.Type, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(kind, msgspec.inspect.Metadata):
        yield from _problems(value, kind.type, path)
    elif isinstance(kind, msgspec.inspect.UnionType):  # `T | None` only; wider unions pass
        members = [m for m in kind.types if not isinstance(m, msgspec.inspect.NoneType)]
        if value is not None and len(members) == 1:
            yield from _problems(value, members[0], path)
    elif isinstance(kind, msgspec.inspect.BoolType) and not isinstance(value, bool):
        if value is not None:  # a missing value is the conversion's to report
            yield path, "must be true or false"  # "true", and also 0 and 1
    elif isinstance(kind, _SCALARS) and isinstance(value, str):
        yield path, "must be a number"
    elif isinstance(kind, msgspec.inspect.ListType) and isinstance(value, list):
        for index, item in enumerate(value):
            yield from _problems(item, kind.item_type, f"{path}.{index}")
    elif isinstance(kind, msgspec.inspect.StructType) and isinstance(value, dict):
        for field in kind.fields:
            if field.encode_name in value:
                yield from _problems(
                    value[field.encode_name], field.type, f"{path}.{field.encode_name}"
                )
