"""JSON types as the schema states them: a number or boolean sent as a string is refused, and so
is 0 or 1 for a boolean.

Litestar converts request bodies to their Structs leniently (`"2"` becomes the quantity 2,
`"4950"` a price, `"true"` or `1` a boolean), so the server would accept what its OpenAPI schema calls
invalid, and money would not be the JSON number of contract §1. Every JSON body is checked here,
against its route's Struct, before that conversion; everything else about the body is left to it.
"""

from __future__ import annotations

from collections.abc import Callable
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
    check = _checker_of(data.annotation)
    if check is None:  # no number or boolean anywhere in this body type
        return
    problems: list[tuple[str, str]] = []
    check(value, "data", problems)
    if problems:
        raise ValidationException(extra=[{"key": key, "message": msg} for key, msg in problems])


# Checks `value` found at `path`, adding (path, message) for each problem to the list.
Check = Callable[[Any, str, list[tuple[str, str]]], None]


@cache  # a route's body type never changes: its checker is made once, on its first request
def _checker_of(annotation: type[msgspec.Struct]) -> Check | None:
    return _checker(msgspec.inspect.type_info(annotation))


def _checker(kind: msgspec.inspect.Type) -> Check | None:
    """A check of values of this type, visiting only the parts that hold a number or a boolean
    (a checkout's strings are never walked); None when there are none. Body types are not
    recursive, so neither is this."""
    if isinstance(kind, msgspec.inspect.Metadata):
        return _checker(kind.type)
    if isinstance(kind, msgspec.inspect.UnionType):  # `T | None` only; wider unions pass
        members = [m for m in kind.types if not isinstance(m, msgspec.inspect.NoneType)]
        return _optional(_checker(members[0])) if len(members) == 1 else None
    if isinstance(kind, msgspec.inspect.BoolType):
        return _check_bool
    if isinstance(kind, _SCALARS):
        return _check_number
    if isinstance(kind, msgspec.inspect.ListType):
        return _each_item(_checker(kind.item_type))
    if isinstance(kind, msgspec.inspect.StructType):
        return _fields(kind)
    return None


def _check_bool(value: Any, path: str, problems: list[tuple[str, str]]) -> None:
    if value is not None and not isinstance(value, bool):  # a missing one: the conversion's
        problems.append((path, "must be true or false"))  # "true", and also 0 and 1


def _check_number(value: Any, path: str, problems: list[tuple[str, str]]) -> None:
    if isinstance(value, str):
        problems.append((path, "must be a number"))


def _optional(check: Check | None) -> Check | None:
    if check is None:
        return None

    def optional(value: Any, path: str, problems: list[tuple[str, str]]) -> None:
        if value is not None:
            check(value, path, problems)

    return optional


def _each_item(check: Check | None) -> Check | None:
    if check is None:
        return None

    def each_item(value: Any, path: str, problems: list[tuple[str, str]]) -> None:
        if isinstance(value, list):
            for index, item in enumerate(value):
                check(item, f"{path}.{index}", problems)

    return each_item


def _fields(kind: msgspec.inspect.StructType) -> Check | None:
    checked = [(f.encode_name, c) for f in kind.fields if (c := _checker(f.type)) is not None]
    if not checked:
        return None

    def fields(value: Any, path: str, problems: list[tuple[str, str]]) -> None:
        if isinstance(value, dict):
            for name, check in checked:
                if name in value:
                    check(value[name], f"{path}.{name}", problems)

    return fields
