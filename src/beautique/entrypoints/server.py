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

`--server uvicorn` serves the same app with uvicorn (its h11 protocol, uvloop). Where uvicorn
has the bound, it is the same: a kept-alive connection idle for `REQUEST_HEADER_TIMEOUT` is
closed, SIGTERM drains for `STOP_GRACE_SECONDS`, and the app's own body limit (edge.py) holds.
What it lacks (measured, tests/integration/test_serve_uvicorn.py): no bound on a header block
that arrives whole (h11's size limit applies only while a block is incomplete, so a 70 KB header
is served), no header read timeout for a connection that trickles its headers or sends nothing,
and no restart of a worker that dies. Those, with granian's measured speed, are why granian
stays the default (docs/performance.md); put uvicorn behind a proxy that bounds headers.
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


def serve_granian(
    target: str, *, factory: bool, host: str, port: int, workers: int, settings: Settings
) -> None:
    """The workers are forked from this process."""
    server = build_server(
        target, factory=factory, host=host, port=port, workers=workers, settings=settings
    )
    flush_logs()  # a forked worker must not write its parent's lines again
    server.serve()


def serve_uvicorn(
    target: str, *, factory: bool, host: str, port: int, workers: int, settings: Settings
) -> None:
    """Imported only when chosen. Several workers are spawned processes, each of which builds
    the app (and its logging) from the environment, as granian's do."""
    import uvicorn

    flush_logs()
    uvicorn.run(
        target,
        factory=factory,
        host=host,
        port=port,
        workers=workers,
        loop="uvloop",
        http="h11",  # the protocol whose header bound uvicorn can set
        h11_max_incomplete_event_size=MAX_HEADER_BYTES,
        ws="none",
        lifespan="on",
        timeout_keep_alive=settings.header_timeout,
        timeout_graceful_shutdown=STOP_GRACE_SECONDS,
        proxy_headers=False,  # the edge (edge.py) reads X-Forwarded-For from FORWARDED_ALLOW_IPS
        server_header=False,
        access_log=False,
        log_config=None,  # ours (logging_setup.py), configured by the app factory in each worker
        log_level=settings.log_level.lower(),
    )


SERVERS = {"granian": serve_granian, "uvicorn": serve_uvicorn}
DEFAULT_SERVER = "granian"


def serve(
    target: str,
    *,
    factory: bool,
    host: str,
    port: int,
    workers: int,
    settings: Settings,
    server: str = DEFAULT_SERVER,
) -> None:
    """Serve `target` with `server` (a name in SERVERS) until SIGTERM/SIGINT."""
    SERVERS[server](
        target, factory=factory, host=host, port=port, workers=workers, settings=settings
    )
