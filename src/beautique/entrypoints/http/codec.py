"""Wire codec: money as JSON numbers, request strings trimmed before validation, JSON types as
the schema states them (`strict_json`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import msgspec
from litestar import Request, Response
from litestar.enums import MediaType
from litestar.exceptions import ClientException, SerializationException
from litestar.response.base import ASGIResponse
from litestar.types import Receive, Scope, Send

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


class EncodedJSON(ASGIResponse):
    """JSON bytes sent as they are, for the hottest routes: a bare ASGI answer that skips what
    Litestar does for a returned value (a Response object, its header mapping, rendering), a
    third of serving `/health`. Built once, it can be sent any number of times (the catalogue
    cache keeps them); HEAD gets the same status and headers without the body.

    A handler returning it is annotated `-> EncodedJSON` and documents its 200 in `responses`.
    """

    __slots__ = ("_headers",)

    def __init__(
        self, body: bytes, status: int = 200, headers: Sequence[tuple[bytes, bytes]] = ()
    ) -> None:  # nothing of ASGIResponse.__init__ is needed: __call__ is ours
        self.body = body
        self.status_code = status
        own = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
        self._headers = [*(own if body else []), *headers]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = self._headers.copy()  # the edge adds to the list it is sent
        await send({"type": "http.response.start", "status": self.status_code, "headers": headers})
        body = b"" if scope.get("method") == "HEAD" else self.body
        await send({"type": "http.response.body", "body": body, "more_body": False})


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
        except (UnicodeDecodeError, SerializationException) as error:
            # msgspec decodes strings as UTF-8 whatever the charset label. Up to 0.22 a bad byte
            # raised UnicodeDecodeError; from 0.23 it is a DecodeError, which Litestar wraps like
            # any malformed JSON. So on a failed decode, the body itself says which it was.
            if isinstance(error, UnicodeDecodeError) or not _is_utf8(await self.body()):
                raise ClientException("Request body is not valid UTF-8") from None
            raise
        check_body_types(value, self.route_handler)
        return value


def _is_utf8(body: bytes) -> bool:
    """Only called once a decode has failed, so the happy path pays nothing for it."""
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )
