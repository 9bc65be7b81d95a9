"""Teaches Litestar's OpenAPI generator what our msgspec Structs really accept and return.

Registered once on the app (`create_app`), so every Struct used by any route, today's or one added
later, is described the same way without per-route patches:

- `Decimal` is a JSON **number**: `MoneyJSONResponse` writes money as numbers and request money is
  read from numbers (Litestar's default would say `string`).
- A Struct with `forbid_unknown_fields=True` gets `additionalProperties: false` (an unknown field
  is a 422).
- Every JSON Schema keyword a field carries in `msgspec.Meta(extra_json_schema=...)` (see
  `schemas/wire.py`) is copied into the schema (Litestar only copies title, description and
  examples), so lengths, patterns, enums, item counts and ranges reach the document.
"""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import msgspec
from litestar._openapi.schema_generation.plugins.struct import StructSchemaPlugin
from litestar.openapi.spec import OpenAPIType, Reference, Schema
from litestar.plugins import OpenAPISchemaPlugin
from litestar.typing import FieldDefinition

if TYPE_CHECKING:
    from litestar._openapi.schema_generation import SchemaCreator

# Already handled by Litestar itself, at the level it chooses.
_LITESTAR_KEYWORDS = frozenset({"title", "description", "examples"})


class DecimalSchemaPlugin(OpenAPISchemaPlugin):
    """`Decimal` travels as a JSON number in both directions (contract §1: money)."""

    @staticmethod
    def is_plugin_supported_type(value: Any) -> bool:
        return value is Decimal

    def to_openapi_schema(
        self, field_definition: FieldDefinition, schema_creator: SchemaCreator
    ) -> Schema:
        return Schema(type=OpenAPIType.NUMBER)


class WireSchemaPlugin(StructSchemaPlugin):
    """Litestar's Struct plugin, plus `additionalProperties` and the fields' JSON Schema keywords."""

    def to_openapi_schema(
        self, field_definition: FieldDefinition, schema_creator: SchemaCreator
    ) -> Schema:
        schema = super().to_openapi_schema(field_definition, schema_creator)
        info = msgspec.inspect.type_info(field_definition.type_)
        assert isinstance(info, msgspec.inspect.StructType)  # the plugin only takes Structs
        if info.forbid_unknown_fields:
            schema.additional_properties = False
        for field in info.fields:
            prop = (schema.properties or {}).get(field.encode_name)
            if isinstance(prop, Schema):
                _unwrap_single_branch(prop)
                _describe(prop, field.type)
        return schema


def _unwrap_single_branch(schema: Schema) -> None:
    """A field that may be left out (`T | UnsetType`) comes out as `{"oneOf": [T], ...}`: fold
    the one branch into the schema, so its keywords (items, type) sit beside the field's own."""
    if not schema.one_of or len(schema.one_of) != 1 or not isinstance(schema.one_of[0], Schema):
        return
    branch, schema.one_of = schema.one_of[0], None
    for spec in dataclasses.fields(Schema):
        if getattr(schema, spec.name) is None and getattr(branch, spec.name) is not None:
            setattr(schema, spec.name, getattr(branch, spec.name))


def _describe(schema: Schema, kind: msgspec.inspect.Type) -> None:
    """Copy the keywords of `kind` (and of the types inside it) onto its schema."""
    if isinstance(kind, msgspec.inspect.UnionType):  # `T | None`: oneOf [T, null]
        values = [m for m in kind.types if not isinstance(m, msgspec.inspect.NoneType)]
        if len(values) == 1:
            _describe(_value_branch(schema), values[0])
        return
    if isinstance(kind, msgspec.inspect.Metadata):
        keywords = kind.extra_json_schema or {}
        target = (
            _value_branch(schema) if isinstance(kind.type, msgspec.inspect.UnionType) else schema
        )
        _apply(target, {k: v for k, v in keywords.items() if k not in _LITESTAR_KEYWORDS})
        _describe(schema, kind.type)
    elif isinstance(kind, msgspec.inspect.ListType) and isinstance(schema.items, Schema):
        _describe(schema.items, kind.item_type)


def _value_branch(schema: Schema) -> Schema:
    """The `T` of a `T | None` schema (oneOf [T, null]); the schema itself otherwise."""
    branches = [b for b in schema.one_of or () if not (isinstance(b, Schema) and b.type == "null")]
    if len(branches) == 1 and isinstance(branches[0], Schema):
        return branches[0]
    return schema


def _apply(schema: Schema, keywords: dict[str, Any]) -> None:
    aliases = Schema.field_aliases()
    for keyword, value in keywords.items():
        attribute = aliases.get(keyword) or re.sub(r"(?<!^)([A-Z])", r"_\1", keyword).lower()
        if not hasattr(schema, attribute) or isinstance(getattr(schema, attribute), Reference):
            raise ValueError(f"unsupported JSON Schema keyword in a wire annotation: {keyword}")
        if keyword in ("allOf", "anyOf", "oneOf"):  # subschemas are Schema objects, not dicts
            value = [schema_of(sub) for sub in value]
        setattr(schema, attribute, value)


def schema_of(keywords: dict[str, Any]) -> Schema:
    """A Litestar Schema from JSON Schema keywords (camelCase)."""
    schema = Schema()
    _apply(schema, keywords)
    return schema


def schema_plugins() -> list[OpenAPISchemaPlugin]:
    return [DecimalSchemaPlugin(), WireSchemaPlugin()]
