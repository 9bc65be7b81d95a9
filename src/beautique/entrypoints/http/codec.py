"""Wire codec: money as JSON numbers, request strings trimmed before validation, JSON types as
the schema states them (`strict_json`)."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request, Response
from litestar.enums import MediaType
from litestar.exceptions import ClientException

from beautique.application.errors import UnsupportedMedia

from .strict_json import check_body_types

# msgspec writes Decimal as a JSON *number* (exact digits, never through float) with this flag.
JSON = msgspec.json.Encoder(decimal_format="number")


def encode_json(value: Any) -> bytes:
    return JSON.encode(value)


class MoneyJSONResponse(Response[Any]):
    """Renders JSON with Decimal money as numbers; everything else as Litestar does."""

    def render(self, content: Any, media_type: str, enc_hook: Any = None) -> bytes:
        if not isinstance(content, bytes) and media_type.startswith(MediaType.JSON.value):
            return JSON.encode(content)
        return (
            super().render(content, media_type, enc_hook)
            if enc_hook
            else super().render(content, media_type)
        )


def trim_strings(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        return [trim_strings(v) for v in value]
    if isinstance(value, dict):
        return {k: trim_strings(v) for k, v in value.items()}
    return value


class TrimmingRequest(Request[Any, Any, Any]):
    """Strings in JSON bodies lose surrounding white space before validation (contract §1)."""

    async def json(self) -> Any:
        content_type = self.headers.get("content-type", "application/json")
        if not _is_json(content_type):
            raise UnsupportedMedia("Content-Type must be application/json")
        try:
            value = trim_strings(await super().json())
        except RecursionError:  # msgspec gives up on absurd nesting; that is the client's error
            raise ClientException("Request body is nested too deeply") from None
        except UnicodeDecodeError:  # msgspec decodes strings as UTF-8 whatever the charset label
            raise ClientException("Request body is not valid UTF-8") from None
        check_body_types(value, self.route_handler)
        return value


def _is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )
