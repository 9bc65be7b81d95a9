"""OpenAPI at /docs/openapi.json (and .yaml), Swagger UI at /docs with its JS/CSS served locally.

Swagger UI's files come from the `swagger-ui-bundle` package, so the docs work offline.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path
from typing import Any

import msgspec
import swagger_ui_bundle
from litestar._openapi.schema_generation.plugins.struct import StructSchemaPlugin
from litestar.openapi import OpenAPIConfig
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.plugins import JsonRenderPlugin, SwaggerRenderPlugin, YamlRenderPlugin
from litestar.openapi.spec import Components, OpenAPIType, Reference, Schema, SecurityScheme
from litestar.plugins import OpenAPISchemaPlugin
from litestar.router import Router
from litestar.static_files import create_static_files_router
from litestar.typing import FieldDefinition

from beautique import __version__

ASSETS = "/docs/assets"
# Admin routes list this so Swagger UI offers "Authorize" with a bearer token.
ADMIN_SECURITY: list[dict[str, list[str]]] = [{"BearerToken": []}]
_MESSAGES = {
    400: "Malformed request",
    401: "Missing, invalid or expired credentials",
    403: "Not allowed",
    404: "Not found",
    409: "Conflicts with the current state",
    412: "The resource changed since the ETag sent in If-Match",
    413: "Body or file too large",
    415: "Unsupported media type",
    422: "Validation failed (`errors` maps field paths to messages)",
    429: "Rate limited (see Retry-After)",
    502: "The image store failed",
    503: "The database is unreachable",
}


class StrictStructSchemaPlugin(StructSchemaPlugin):
    """Request bodies that refuse unknown fields say so (`additionalProperties: false`), and a
    field that may be left out (`T | UnsetType`) is documented as plain `T`.

    Litestar's own Struct plugin (a private module; this subclass only adds the two touches) leaves
    the flag out, which would tell clients that extra fields are welcome, and wraps optional fields
    in a one-member `oneOf` that hides their constraints from some tools."""

    def is_plugin_supported_field(self, field_definition: FieldDefinition) -> bool:
        supported = super().is_plugin_supported_field(field_definition)
        return supported and _forbids_unknown(field_definition.type_)

    def to_openapi_schema(self, field_definition: FieldDefinition, schema_creator: Any) -> Schema:
        schema = super().to_openapi_schema(field_definition, schema_creator)
        schema.additional_properties = False
        for prop in (schema.properties or {}).values():
            if isinstance(prop, Schema) and prop.one_of and len(prop.one_of) == 1:
                _merge_into(prop, prop.one_of[0])
        return schema


def _merge_into(outer: Schema, inner: Schema | Reference) -> None:
    """`{"oneOf": [X], "maxItems": 10}` → X with `maxItems: 10`."""
    if not isinstance(inner, Schema):
        return
    outer.one_of = None
    for spec in dataclasses.fields(Schema):
        if getattr(outer, spec.name) is None and getattr(inner, spec.name) is not None:
            setattr(outer, spec.name, getattr(inner, spec.name))


class MoneySchemaPlugin(OpenAPISchemaPlugin):
    """Decimal is money here, and money travels as a JSON number (never a string)."""

    @staticmethod
    def is_plugin_supported_type(value: Any) -> bool:
        return value is Decimal

    def to_openapi_schema(self, field_definition: FieldDefinition, schema_creator: Any) -> Schema:
        return Schema(type=OpenAPIType.NUMBER, examples=[4950])


def _forbids_unknown(struct_type: Any) -> bool:
    config = getattr(struct_type, "__struct_config__", None)
    return bool(config is not None and config.forbid_unknown_fields)


class ErrorBody(msgspec.Struct):
    detail: str
    errors: dict[str, list[str]] | None = None


def error_responses(*codes: int) -> dict[int, ResponseSpec]:
    """OpenAPI entries for the error statuses a route can return (503 always: the database)."""
    return {
        code: ResponseSpec(data_container=ErrorBody, description=_MESSAGES[code])
        for code in sorted({*codes, 503})
    }


def openapi_config() -> OpenAPIConfig:
    return OpenAPIConfig(
        title="Beautique API",
        version=__version__,
        path="/docs",
        components=Components(
            security_schemes={
                "BearerToken": SecurityScheme(type="http", scheme="bearer", bearer_format="JWT")
            }
        ),
        render_plugins=[
            SwaggerRenderPlugin(
                path="/",
                js_url=f"{ASSETS}/swagger-ui-bundle.js",
                css_url=f"{ASSETS}/swagger-ui.css",
                standalone_preset_js_url=f"{ASSETS}/swagger-ui-standalone-preset.js",
                favicon=f"<link rel='icon' type='image/png' href='{ASSETS}/favicon-32x32.png'>",
            ),
            JsonRenderPlugin(path="/openapi.json"),
            YamlRenderPlugin(path="/openapi.yaml"),
        ],
    )


def docs_assets_router() -> Router:
    vendor = Path(swagger_ui_bundle.swagger_ui_path)
    return create_static_files_router(
        path=ASSETS, directories=[vendor], include_in_schema=False, opt={"public": True}
    )
