"""One record, one line: control characters escaped in every field, in both formats."""

from __future__ import annotations

import io
import json
import logging
import sys

import pytest

from beautique.entrypoints.logging_setup import (
    REQUEST_ID,
    JsonFormatter,
    LineFormatter,
    LineHandler,
    TextFormatter,
    escape,
)

HOSTILE = [
    "\n",  # LF: a new line in any viewer
    "\r",  # CR: overwrites the line on a terminal
    "\t",
    "\x00",
    "\x1b[31m",  # an ANSI colour: a terminal would obey it
    "\x7f",  # DEL
    "\x85",  # NEL, a C1 line break
    "\u2028",  # LINE SEPARATOR: a line break to JavaScript and many log viewers
    "\u2029",
    "\u200b",  # zero-width space: invisible
]


@pytest.mark.parametrize("bad", HOSTILE)
def test_escape_leaves_no_control_character(bad: str) -> None:
    text = escape(f"GET /a{bad}b")
    assert text.isprintable()
    assert text.startswith("GET /a") and text.endswith("b")


def test_escape_keeps_printable_text_as_it_is() -> None:
    for text in ("GET /api/products 200 1.2ms", "لان کا سوٹ", "Tea Pink \\n"):
        assert escape(text) == text


def test_escapes_are_readable() -> None:
    assert escape("a\nb\r\tc\x1b\u2028") == "a\\nb\\r\\tc\\x1b\\u2028"


def record(message: str, *args: object, name: str = "beautique.test") -> logging.LogRecord:
    return logging.LogRecord(name, logging.INFO, __file__, 1, message, args, None)


FORGED = "/api/x\n2026-01-01 00:00:00,000 INFO beautique.access: GET /admin 200 1.0ms"


@pytest.mark.parametrize("formatter", [TextFormatter(), JsonFormatter()], ids=["text", "json"])
@pytest.mark.parametrize("bad", HOSTILE)
def test_a_record_is_one_printable_line(formatter: LineFormatter, bad: str) -> None:
    line = formatter.format(record("GET %s 404", f"{FORGED}{bad}", name=f"odd{bad}name"))
    assert "\n" not in line and "\r" not in line
    assert line.isprintable()


def test_json_lines_stay_json_with_the_escapes_as_text() -> None:
    line = JsonFormatter().format(record("GET %s 404", "/x\u2028y\x7f"))
    assert json.loads(line)["message"] == "GET /x\\u2028y\\x7f 404"


def test_a_traceback_cannot_pass_for_a_line_of_its_own() -> None:
    try:
        raise ValueError(f"bad path {FORGED}")
    except ValueError:
        failed = record("crashed")
        failed.exc_info = sys.exc_info()
    text = TextFormatter().format(failed).split("\n")
    assert text[0].endswith("crashed")
    assert all(line.startswith("  | ") and line.isprintable() for line in text[1:])
    failed.exc_text = None
    entry = json.loads(JsonFormatter().format(failed))
    assert "Traceback" in entry["exception"] and "\n" not in JsonFormatter().format(failed)


@pytest.mark.parametrize("formatter", [TextFormatter(), JsonFormatter()], ids=["text", "json"])
def test_lines_logged_while_serving_a_request_carry_its_id(formatter: LineFormatter) -> None:
    token = REQUEST_ID.set("req-42")
    try:
        inside = formatter.format(record("order placed"))
    finally:
        REQUEST_ID.reset(token)
    assert "req-42" in inside
    assert "req-42" not in formatter.format(record("order placed"))


def test_a_line_built_directly_reads_like_one_from_a_record() -> None:
    for formatter in (TextFormatter(), JsonFormatter()):
        logged = record("GET /health 200 1.0ms", name="beautique.access")
        logged.request_id = "abc"
        from_record = formatter.format(logged)
        direct = formatter.line(logged.created, "INFO", "beautique.access", logged.msg, "abc")
        assert direct == from_record


def test_the_handler_writes_lines_out_in_order_and_at_once_for_warnings() -> None:
    stream = io.StringIO()
    handler = LineHandler(stream, TextFormatter())
    handler.handle(record("first"))
    handler.add("second")
    assert stream.getvalue() == ""  # collected, not yet written
    warning = record("third")
    warning.levelno, warning.levelname = logging.WARNING, "WARNING"
    handler.handle(warning)
    lines = stream.getvalue().splitlines()
    assert [line.rsplit(" ", 1)[-1] for line in lines] == ["first", "second", "third"]
