"""OpenAPI at /docs/openapi.json (and .yaml), Swagger UI at /docs with its JS/CSS served locally.

Swagger UI's files come from the `swagger-ui-bundle` package, so the docs work offline.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import msgspec
import swagger_ui_bundle
from litestar import Request
from litestar.enums import MediaType
from litestar.openapi import OpenAPIConfig
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.plugins import JsonRenderPlugin, SwaggerRenderPlugin, YamlRenderPlugin
from litestar.openapi.spec import Components, OpenAPIType, Schema, SecurityScheme
from litestar.params import QueryParameter
from litestar.router import Router
from litestar.static_files import create_static_files_router

from beautique import __version__

from .links import with_links
from .openapi_schema import schema_of
from .schemas.wire import portable

ASSETS = "/docs/assets"
# Admin routes list this so Swagger UI offers "Authorize" with a bearer token.
ADMIN_SECURITY: list[dict[str, list[str]]] = [{"BearerToken": []}]
_MESSAGES = {
    400: "Malformed request (e.g. a body that is not JSON)",
    401: "Missing, invalid or expired credentials",
    403: "Not allowed",
    404: "Not found",
    409: "Conflicts with the current state",
    412: "Changed since it was read (If-Match no longer matches)",
    413: "Body or file too large",
    415: "Unsupported media type",
    422: "Validation failed (`errors` maps field paths to messages)",
    429: "Rate limited (see Retry-After)",
    431: "Request headers too large",
    502: "The image store failed",
    503: "The database is unreachable",
}


# Every route may answer these: a request it cannot read, and a database that does not answer.
ALWAYS = (400, 503)
# A route that reads a JSON body may also refuse it as too large, not JSON, or invalid.
JSON_BODY = (400, 413, 415, 422)


class ErrorBody(msgspec.Struct):
    """Every error: a readable message."""

    detail: str


class ValidationErrorBody(msgspec.Struct):
    """422: the message, and every problem by field path (`items.0.quantity`)."""

    detail: str
    errors: dict[str, list[str]]


def success(data: Any, description: str = "OK", media_type: str | None = None) -> ResponseSpec:
    """A documented success body; no made-up examples (Litestar's would be random values)."""
    return ResponseSpec(
        data_container=data,
        description=description,
        generate_examples=False,
        media_type=media_type or MediaType.JSON,
    )


def error_responses(*codes: int, body: bool = False) -> dict[int, ResponseSpec]:
    """The error statuses a route can return, with their body shapes. `ALWAYS` is included, and
    `JSON_BODY` when the route reads a JSON body (`body=True`)."""
    wanted = {*codes, *ALWAYS, *(JSON_BODY if body else ())}
    return {
        code: ResponseSpec(
            data_container=ValidationErrorBody if code == 422 else ErrorBody,
            description=_MESSAGES[code],
            generate_examples=False,
        )
        for code in sorted(wanted)
    }


# A query parameter sent empty or blank counts as absent (`application.params`).
_BLANK = Schema(type=OpenAPIType.STRING, pattern=portable(r"^\s*$"), description="Absent")


def query(described: msgspec.Meta | dict[str, Any], name: str | None = None) -> Any:
    """An optional query parameter as `application.params` reads it: text, described by a wire
    annotation (`schemas/wire.py`) or JSON Schema keywords; empty counts as absent."""
    keywords = dict(
        (described.extra_json_schema or {}) if isinstance(described, msgspec.Meta) else described
    )
    description = keywords.pop("description", None)
    value = schema_of({"type": "string", **keywords})
    return QueryParameter(
        name=name,
        description=description,
        required=False,
        schema_extra={"oneOf": None, "type": None, "anyOf": [value, _BLANK]},
    )


# Headers the answers always carry: (method, path, status, header, description); None = any.
_HEADERS = [
    (None, None, "401", "WWW-Authenticate", "`Bearer`"),
    (None, None, "429", "Retry-After", "Seconds to wait before trying again"),
    ("post", "/api/orders", "201", "Location", "The order's tracking URL (no phone in it)"),
    (
        "get",
        "/api/admin/orders/export",
        "200",
        "Content-Disposition",
        '`attachment; filename="orders-YYYYMMDD.csv"`',
    ),
]


def with_headers(document: dict[str, Any]) -> dict[str, Any]:
    for path, operations in document.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.get("responses", {})
            for on_method, on_path, status, name, description in _HEADERS:
                response = responses.get(status)
                if (
                    response is None
                    or on_method not in (None, method)
                    or on_path not in (None, path)
                ):
                    continue
                response.setdefault("headers", {})[name] = {
                    "description": description,
                    "required": True,
                    "schema": {"type": "string"},
                }
    return document


def without_unused_schemas(document: dict[str, Any]) -> dict[str, Any]:
    """Drops component schemas nothing refers to (e.g. the upload's parsing dataclass, which the
    route documents by hand as the form clients send)."""
    schemas = document.get("components", {}).get("schemas", {})
    while True:
        text = json.dumps(document, default=str)  # (schemas refer to each other, or are unused)
        unused = [name for name in schemas if f'"#/components/schemas/{name}"' not in text]
        if not unused:
            return document
        for name in unused:
            del schemas[name]


def _finished(document: dict[str, Any]) -> dict[str, Any]:
    """What Litestar's decorators cannot declare: links between routes, some response headers."""
    return with_links(with_headers(without_unused_schemas(document)))


class _JsonWithLinks(JsonRenderPlugin):
    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        return super().render(request, _finished(openapi_schema))


class _YamlWithLinks(YamlRenderPlugin):
    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        return super().render(request, _finished(openapi_schema))


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
            _JsonWithLinks(path="/openapi.json"),
            _YamlWithLinks(path="/openapi.yaml"),
        ],
    )


def docs_assets_router() -> Router:
    vendor = Path(swagger_ui_bundle.swagger_ui_path)
    return create_static_files_router(
        path=ASSETS, directories=[vendor], include_in_schema=False, opt={"public": True}
    )
