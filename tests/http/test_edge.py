"""The edge of the app: the access line, request ids in log lines, the client behind a proxy."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from litestar.testing import TestClient

from beautique.entrypoints.logging_setup import (
    JsonFormatter,
    LineFormatter,
    LineHandler,
    TextFormatter,
)
from beautique.settings import SettingsError
from tests.builders import order_item, order_payload
from tests.conftest import make_settings
from tests.http.support import stock


@contextmanager
def our_log(formatter: LineFormatter) -> Iterator[io.StringIO]:
    """The app's log through our handler alone, as `beautique serve` configures it."""
    stream = io.StringIO()
    root, client_log = logging.getLogger(), logging.getLogger("httpx")
    saved, level, client_level = root.handlers[:], root.level, client_log.level
    handler = LineHandler(stream, formatter)
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    client_log.setLevel(logging.WARNING)  # the test client's own line for each request
    try:
        yield stream
    finally:
        handler.flush()
        root.handlers[:] = saved
        root.setLevel(level)
        client_log.setLevel(client_level)


def logger_of(line: str) -> str:
    if line.startswith("{"):
        return str(json.loads(line)["logger"])
    return line.split(" ", 4)[3].rstrip(":")


@pytest.mark.parametrize("formatter", [TextFormatter(), JsonFormatter()], ids=["text", "json"])
def test_a_line_break_in_the_path_cannot_forge_a_log_line(
    client: TestClient[Any], formatter: LineFormatter
) -> None:
    forged = "/api/x%0a2026-01-01 00:00:00,000 INFO beautique.access: GET /ok 200 1.0ms"
    with our_log(formatter) as log:
        assert client.get(forged + "%e2%80%a8%7f").status_code == 404
        logging.getLogger().handlers[0].flush()
    lines = log.getvalue().splitlines()
    access = [line for line in lines if logger_of(line) == "beautique.access"]
    assert len(lines) == 1, lines
    assert len(access) == 1, lines
    text = json.loads(access[0])["message"] if access[0].startswith("{") else access[0]
    assert "GET /api/x\\n2026-01-01" in text and "\\u2028\\x7f 404" in text


def test_the_access_line_says_method_path_status_and_id(client: TestClient[Any]) -> None:
    with our_log(JsonFormatter()) as log:
        client.get("/health", params={"phone": "03001234567"}, headers={"X-Request-ID": "r-1"})
        logging.getLogger().handlers[0].flush()
    entry = json.loads(log.getvalue().splitlines()[-1])
    assert entry["logger"] == "beautique.access" and entry["level"] == "INFO"
    assert entry["message"].startswith("GET /health 200 ")
    assert entry["request_id"] == "r-1"
    assert "03001234567" not in log.getvalue()  # never the query string


def test_app_log_lines_carry_the_request_id(client_factory: Callable[..., Any]) -> None:
    client = client_factory()
    product = stock(client)
    with our_log(TextFormatter()) as log:
        response = client.post(
            "/api/orders",
            json=order_payload(order_item(product)),
            headers={"X-Request-ID": "checkout-7"},
        )
        logging.getLogger().handlers[0].flush()
    assert response.status_code == 201
    placed = [line for line in log.getvalue().splitlines() if logger_of(line) == "beautique.orders"]
    assert placed and all("[request_id=checkout-7]" in line for line in placed)


def track(client: TestClient[Any], forwarded_for: str | None) -> int:
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    params = {"order_id": "BQ-20260101-001", "phone": "03001234567"}
    return client.get("/api/orders/track", params=params, headers=headers).status_code


def test_behind_a_trusted_proxy_each_visitor_has_their_own_limit(
    client_factory: Callable[..., Any],
) -> None:
    # The test client connects as "testclient": trusted here, as a proxy's address would be.
    client = client_factory(RATE_LIMIT_TRACKING="1", FORWARDED_ALLOW_IPS="*")
    assert track(client, "203.0.113.7") == 404
    assert track(client, "203.0.113.7") == 429
    assert track(client, "198.51.100.2") == 404  # another visitor, another bucket
    assert track(client, "198.51.100.9, 10.0.0.1") == 404  # left-most hop when all are trusted


def test_an_untrusted_sender_cannot_choose_its_address(
    client_factory: Callable[..., Any],
) -> None:
    client = client_factory(RATE_LIMIT_TRACKING="1")  # trusts 127.0.0.1 and ::1 only
    assert track(client, "203.0.113.7") == 404
    assert track(client, "198.51.100.2") == 429  # the header changed nothing: same client


def test_forwarded_allow_ips_takes_addresses_networks_or_a_star() -> None:
    settings = make_settings(FORWARDED_ALLOW_IPS="10.0.0.0/8, 192.168.1.7,::1,*")
    assert settings.forwarded_allow_ips == ("10.0.0.0/8", "192.168.1.7", "::1", "*")
    with pytest.raises(SettingsError, match="FORWARDED_ALLOW_IPS"):
        make_settings(FORWARDED_ALLOW_IPS="proxy.internal")


@pytest.mark.parametrize(
    ("name", "value"),
    [("REQUEST_HEADER_TIMEOUT", "0"), ("REQUEST_HEADER_TIMEOUT", "61"),
     ("REQUEST_BODY_TIMEOUT", "0"), ("REQUEST_BODY_TIMEOUT", "soon")],
)  # fmt: skip
def test_timeouts_must_be_sensible(name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=name):
        make_settings(**{name: value})
