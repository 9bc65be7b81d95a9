"""THE exception → HTTP status table, and the one error body shape: {"detail": str, "errors"?}."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from beautique.application import errors as app
from beautique.domain import errors as domain

from .codec import MoneyJSONResponse
from .limits import too_large_detail

log = logging.getLogger("beautique.http")

STATUS: dict[type[Exception], int] = {
    domain.RuleViolation: 422,
    domain.IllegalTransition: 409,
    domain.PriceChanged: 409,
    domain.DomainError: 422,
    app.NotFound: 404,
    app.PreconditionFailed: 412,
    app.Conflict: 409,
    app.Unauthorized: 401,
    app.Forbidden: 403,
    app.RateLimited: 429,
    app.PayloadTooLarge: 413,
    app.UnsupportedMedia: 415,
    app.StorageUnavailable: 503,
    app.ImageStoreFailed: 502,
}


def error_response(
    status: int, detail: str, errors: dict[str, list[str]] | None = None, **headers: str
) -> Response[Any]:
    body: dict[str, Any] = {"detail": detail}
    if errors is not None:
        body["errors"] = errors
    return MoneyJSONResponse(body, status_code=status, headers=headers or None)


def _extra_headers(exc: Exception) -> dict[str, str]:
    if isinstance(exc, app.Unauthorized):
        return {"WWW-Authenticate": "Bearer"}
    if isinstance(exc, app.RateLimited | app.StorageUnavailable):
        return {"Retry-After": str(exc.retry_after)}
    return {}


def handle_business_error(_: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    status = next(code for kind, code in STATUS.items() if isinstance(exc, kind))
    errors = exc.errors if isinstance(exc, domain.RuleViolation) else None
    message = getattr(exc, "message", str(exc))
    return error_response(status, message, errors, **_extra_headers(exc))


# msgspec's messages, reworded for a shop owner's front-end developer.
_MSGSPEC = [
    (re.compile(r"Expected .*, got `null`"), "must not be null"),
    (re.compile(r"Expected `(\w+)` >= (\S+)"), "must be at least {1}"),
    (re.compile(r"Expected `(\w+)` <= (\S+)"), "must be at most {1}"),
    (re.compile(r"Expected `str` of length >= (\d+)"), "must be at least {0} characters"),
    (re.compile(r"Expected `str` of length <= (\d+)"), "must be at most {0} characters"),
    (re.compile(r"Expected `array` of length >= (\d+)"), "must have at least {0} entries"),
    (re.compile(r"Expected `array` of length <= (\d+)"), "must have at most {0} entries"),
    (re.compile(r"Invalid enum value '(.*)'"), "'{0}' is not an allowed value"),
    (re.compile(r"Expected `(int|decimal|number|float)`.*"), "must be a number"),
    (re.compile(r"Expected `str`.*"), "must be a string"),
    (re.compile(r"Expected `bool`.*"), "must be true or false"),
    (re.compile(r"Expected `array`.*"), "must be a list"),
    (re.compile(r"Expected `object`.*"), "must be an object"),
    (re.compile(r"Invalid UUID.*"), "must be a UUID"),
    (re.compile(r"Unsupported type: <class 'str'>"), "must be a file, not text"),  # multipart
    (re.compile(r"Invalid (RFC 3339 encoded )?date.*"), "must be a date YYYY-MM-DD"),
]
_UNKNOWN = re.compile(r"Object contains unknown field `([^`]+)`")
_MISSING = re.compile(r"Object missing required field `([^`]+)`")


def _field_path(key: str) -> str:
    """`$.items[0].quantity` / `items.0.quantity` / `data` → `items.0.quantity`."""
    key = key.removeprefix("$").removeprefix("data").strip(".")
    return re.sub(r"\[(\d+)\]", r".\1", key).strip(".")


def _humanize(key: str, message: str) -> tuple[str, str]:
    if m := _UNKNOWN.search(message):
        return ".".join(p for p in (_field_path(key), m.group(1)) if p), "is not an allowed field"
    if m := _MISSING.search(message):
        return ".".join(p for p in (_field_path(key), m.group(1)) if p), "is required"
    if " - at `" in message:
        message, _, at = message.partition(" - at `")
        key = ".".join(p for p in (_field_path(key), _field_path(at.rstrip("`"))) if p)
    for pattern, text in _MSGSPEC:
        if m := pattern.search(message):
            return _field_path(key), text.format(*m.groups())
    return _field_path(key), message


_MISSING_PARAM = re.compile(r"Missing required (?:\w+ )?parameter '([^']+)'")


def _validation_errors(exc: ValidationException) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if m := _MISSING_PARAM.search(str(exc.detail)):  # Litestar names it only in the text
        errors[m.group(1)] = ["is required"]
    for item in exc.extra if isinstance(exc.extra, list) else []:
        key, message = str(item.get("key", "")), str(item.get("message", ""))
        if key == "data" and message == "'data'":  # no body at all
            errors.setdefault("body", []).append("is required")
            continue
        field, text = _humanize(key, message)
        errors.setdefault(field or "body", []).append(text)
    return errors


def handle_validation(_: Request[Any, Any, Any], exc: ValidationException) -> Response[Any]:
    errors = _validation_errors(exc)
    if not errors:  # never echo Litestar's text: it holds the full URL, phone numbers included
        return error_response(400, "Malformed request")
    detail = "; ".join(f"{field}: {msg}" for field, msgs in errors.items() for msg in msgs)
    return error_response(422, detail, errors)


def handle_http(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    detail = exc.detail if isinstance(exc.detail, str) and exc.detail else "Request failed"
    if exc.status_code == 404 and detail == "Not Found":
        detail = "Not found"
    if exc.status_code == 413:
        detail = too_large_detail(request)
    if exc.status_code >= 500:
        log.error("server error: %s (%r)", detail, exc.extra, exc_info=exc)
        detail = "Internal server error"
    return error_response(exc.status_code, detail, None, **(exc.headers or {}))


def handle_unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return error_response(HTTP_500_INTERNAL_SERVER_ERROR, "Internal server error")


def exception_handlers() -> dict[type[Exception] | int, Callable[..., Response[Any]]]:
    handlers: dict[type[Exception] | int, Callable[..., Response[Any]]] = {
        kind: handle_business_error for kind in STATUS
    }
    handlers[ValidationException] = handle_validation
    handlers[HTTPException] = handle_http
    handlers[Exception] = handle_unexpected
    return handlers
