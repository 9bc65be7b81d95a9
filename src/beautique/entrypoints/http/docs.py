"""OpenAPI at /docs/openapi.json (and .yaml), Swagger UI at /docs with its JS/CSS served locally.

Swagger UI's files come from the `swagger-ui-bundle` package, so the docs work offline.
"""

from __future__ import annotations

from pathlib import Path

import msgspec
import swagger_ui_bundle
from litestar.openapi import OpenAPIConfig
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.plugins import JsonRenderPlugin, SwaggerRenderPlugin, YamlRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme
from litestar.router import Router
from litestar.static_files import create_static_files_router

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
    413: "Body or file too large",
    415: "Unsupported media type",
    422: "Validation failed (`errors` maps field paths to messages)",
    429: "Rate limited (see Retry-After)",
    502: "The image store failed",
    503: "The database is unreachable",
}


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
