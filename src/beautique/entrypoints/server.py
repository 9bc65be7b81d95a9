"""The HTTP server: granian, with the bounds a public endpoint needs (docs/performance.md says
why granian, with the measurements).

- **Headers**: HTTP/1.1 only, with a 16 KB read buffer: a request whose line and headers do
  not fit gets 431. (Cleartext HTTP/2 is off: browsers speak it over TLS only, which a proxy in
  front terminates, and with it on granian would wait for a silent client's first bytes forever.)
- **Slow and silent clients**: the header read timeout covers a new connection that sends
  nothing, headers that trickle in, and a kept-alive connection idling between requests; at
  `REQUEST_HEADER_TIMEOUT` seconds the connection is closed. The body is bounded by the app
  (entrypoints/http/edge.py): granian has no body timeout.
- **Graceful stop**: on SIGTERM or SIGINT granian stops accepting, lets requests in flight
  finish, runs the app's shutdown (the pool closes, logs are written out); a worker still busy
  after `STOP_GRACE_SECONDS` is killed. A worker that dies is started again.
- **No server access log**: ours (edge.py) logs the path only; a server's would log query
  strings, and tracking URLs carry phone numbers.
"""

from __future__ import annotations

from typing import Any

from granian.constants import HTTPModes, Interfaces
from granian.http import HTTP1Settings
from granian.server import Server
from granian.server.common import AbstractServer

from beautique.settings import Settings

from .logging_setup import flush_logs

MAX_HEADER_BYTES = 16 * 1024
STOP_GRACE_SECONDS = 20
APP_FACTORY = "beautique.entrypoints.http.app:create_app"


def granian_logging() -> dict[str, object]:
    """granian's own lines go through our handler and format (JSON in production)."""
    return {
        "loggers": {
            "_granian": {"handlers": [], "propagate": True},
            "granian.access": {"handlers": [], "propagate": True},
        }
    }


def build_server(
    target: str, *, factory: bool, host: str, port: int, workers: int, settings: Settings
) -> AbstractServer[Any]:
    server: AbstractServer[Any] = Server(
        target,
        address=host,
        port=port,
        interface=Interfaces.ASGI,
        workers=workers,
        factory=factory,
        http=HTTPModes.http1,
        websockets=False,
        http1_settings=HTTP1Settings(
            header_read_timeout=settings.header_timeout * 1000,
            max_buffer_size=MAX_HEADER_BYTES,
        ),
        log_level=settings.log_level.lower(),  # type: ignore[arg-type]
        log_dictconfig=granian_logging(),
        log_access=False,
        respawn_failed_workers=True,
        workers_kill_timeout=STOP_GRACE_SECONDS,
    )
    return server


def serve(
    target: str, *, factory: bool, host: str, port: int, workers: int, settings: Settings
) -> None:
    """Serve `target` until SIGTERM/SIGINT; the workers are forked from this process."""
    server = build_server(
        target, factory=factory, host=host, port=port, workers=workers, settings=settings
    )
    flush_logs()  # a forked worker must not write its parent's lines again
    server.serve()
