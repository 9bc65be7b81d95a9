"""Log configuration: text for people in development, one JSON object a line in production.

- **One record, one line.** Every field a line carries (message, logger name, request id) has its
  control characters escaped (`\\n`, `\\x1b`, `\\u2028`, ...): a `%0a` in a URL, decoded into the
  path, cannot start a line that looks like a log line of its own. A traceback keeps its line
  breaks in text format (people read it), but each of its lines is escaped and starts with
  `  | `, so it can never pass for a line of its own; in JSON it is one field.
- **The request id on every line** logged while a request is served (`REQUEST_ID`, set by the
  edge middleware), not only on the access line.
- **Cheap.** Lines are formatted without `json.dumps` or `datetime`, and collected in memory:
  written out at least every `FLUSH_SECONDS`, at once for WARNING and above, and when the
  server stops (`flush_logs`). The access line, the hottest log call, is formatted straight into
  the handler when ours is the only one (`access_sink`), skipping `logging`'s record machinery;
  under any other configuration (a test's log capture, say) it is an ordinary record.
"""

from __future__ import annotations

import atexit
import logging
import os
import sys
import threading
import time
from contextvars import ContextVar
from typing import NamedTuple, TextIO

import msgspec

REQUEST_ID: ContextVar[str | None] = ContextVar("request_id", default=None)
ACCESS = logging.getLogger("beautique.access")
FLUSH_SECONDS = 0.2
FLUSH_BYTES = 64 * 1024
_JSON = msgspec.json.Encoder()
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape(text: str) -> str:
    """`text` with every non-printable character written as an escape: one line, always."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else _escaped(c) for c in text)


def _escaped(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return (
        f"\\x{code:02x}"
        if code < 0x100
        else f"\\u{code:04x}"
        if code < 0x10000
        else f"\\U{code:08x}"
    )


def traceback_lines(text: str) -> list[str]:
    return [escape(line) for line in text.rstrip("\n").split("\n")]


class _Clock:
    """Timestamps: the second formatted once per second, then the fraction in `digits` digits
    (after `.`, or `,` as Python's logging writes it) and `suffix`."""

    def __init__(self, pattern: str, *, local: bool, digits: int, suffix: str = "") -> None:
        self._pattern, self._local = pattern, local
        self._scale, self._fraction = 10**digits, f"0{digits}d"
        self._suffix = suffix
        self._second, self._prefix = -1, ""

    def stamp(self, created: float) -> str:
        second = int(created)
        if second != self._second:
            moment = time.localtime(second) if self._local else time.gmtime(second)
            self._second, self._prefix = second, time.strftime(self._pattern, moment)
        return (
            f"{self._prefix}{int((created - second) * self._scale):{self._fraction}}{self._suffix}"
        )


class Fields(NamedTuple):
    """What a line says besides its time, escaped (a traceback's lines one by one)."""

    level: str
    logger: str
    message: str
    request_id: str | None
    trace: list[str] | None


class LineFormatter(logging.Formatter):
    """Both formats build a line from the same fields, from a record or straight (`line`): a
    format has its clock and puts the escaped fields together (`joined`)."""

    clock: _Clock

    def format(self, record: logging.LogRecord) -> str:
        request_id = getattr(record, "request_id", None) or REQUEST_ID.get()
        trace = None
        if record.exc_info:
            record.exc_text = record.exc_text or self.formatException(record.exc_info)
        if record.exc_text:
            trace = traceback_lines(record.exc_text)
        return self.line(
            record.created, record.levelname, record.name, record.getMessage(), request_id, trace
        )

    def line(
        self,
        created: float,
        level: str,
        logger: str,
        message: str,
        request_id: str | None,
        trace: list[str] | None = None,
    ) -> str:
        escaped_id = escape(request_id) if request_id else None
        fields = Fields(level, escape(logger), escape(message), escaped_id, trace)
        return self.joined(self.clock.stamp(created), fields)

    def joined(self, at: str, fields: Fields) -> str:
        raise NotImplementedError


class JsonFormatter(LineFormatter):
    clock = _Clock("%Y-%m-%dT%H:%M:%S.", local=False, digits=6, suffix="+00:00")

    def joined(self, at: str, fields: Fields) -> str:
        entry = {
            "at": at,
            "level": fields.level,
            "logger": fields.logger,
            "message": fields.message,
        }
        if fields.request_id:
            entry["request_id"] = fields.request_id
        if fields.trace:
            entry["exception"] = "\n".join(fields.trace)
        return _JSON.encode(entry).decode()


class TextFormatter(LineFormatter):
    clock = _Clock("%Y-%m-%d %H:%M:%S,", local=True, digits=3)

    def joined(self, at: str, fields: Fields) -> str:
        text = f"{at} {fields.level} {fields.logger}: {fields.message}"
        if fields.request_id:
            text += f" [request_id={fields.request_id}]"
        if fields.trace:
            text += "".join(f"\n  | {line}" for line in fields.trace)
        return text


class LineHandler(logging.Handler):
    """Formatted lines collected in memory and written out in batches (see the module doc)."""

    def __init__(self, stream: TextIO, formatter: LineFormatter) -> None:
        super().__init__()
        self.setFormatter(formatter)
        self.line_formatter = formatter
        self.stream = stream
        self._pending: list[str] = []
        self._size = 0
        # The process whose flusher thread runs; a forked child starts its own.
        self._flusher_pid = 0

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = self.format(record)
        except Exception:  # logging must never take the request down with it
            self.handleError(record)
            return
        self.add(line, urgent=record.levelno >= logging.WARNING)

    def add(self, line: str, urgent: bool = False) -> None:
        with self.lock:  # type: ignore[union-attr]  # created in Handler.__init__
            self._pending.append(line)
            self._size += len(line)
            if urgent or self._size >= FLUSH_BYTES:
                self._write()
            elif self._flusher_pid != os.getpid():
                self._start_flusher()

    def flush(self) -> None:
        with self.lock:  # type: ignore[union-attr]
            self._write()

    def _write(self) -> None:
        if not self._pending:
            return
        text = "\n".join(self._pending) + "\n"
        self._pending.clear()
        self._size = 0
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # a closed or broken stream: nothing left to tell it
            pass

    def _start_flusher(self) -> None:
        self._flusher_pid = os.getpid()
        threading.Thread(target=self._flush_every_tick, name="log-flusher", daemon=True).start()

    def _flush_every_tick(self) -> None:
        pid = os.getpid()
        while self._flusher_pid == pid:
            time.sleep(FLUSH_SECONDS)
            self.flush()


def access_sink() -> LineHandler | None:
    """Our handler, when it alone receives the access line at INFO; else None (use `ACCESS`)."""
    handlers = logging.root.handlers
    if len(handlers) != 1 or ACCESS.handlers or ACCESS.filters or logging.root.filters:
        return None
    handler = handlers[0]
    if type(handler) is not LineHandler or not ACCESS.isEnabledFor(logging.INFO):
        return None
    return handler


def flush_logs() -> None:
    """Write out every line still collected: before a fork, when a server stops, at exit."""
    for handler in logging.root.handlers:
        handler.flush()


def configure_logging(level: str, fmt: str) -> None:
    formatter = JsonFormatter() if fmt == "json" else TextFormatter()
    root = logging.getLogger()
    flush_logs()
    root.handlers[:] = [LineHandler(sys.stderr, formatter)]
    root.setLevel(level)


atexit.register(flush_logs)
# A child must not inherit lines its parent will write too.
os.register_at_fork(before=flush_logs)
