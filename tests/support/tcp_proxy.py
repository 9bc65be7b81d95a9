"""A small TCP proxy that can break the link it carries, for fault tests through real sockets.

It forwards 127.0.0.1:<port> to a target and runs its own event loop in a thread, so sync tests
(TestClient) and async tests can both drive it:

- `stall()`: bytes stop flowing both ways and new connections hang, but every socket stays open
  (a silent network: no error ever arrives, so only the client's own deadlines can end a wait);
- `cut()`: every open link is reset and new connections are refused at once (the database went
  away);
- `resume()`: traffic flows again (held bytes are delivered late, as a slow network would).
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable, Coroutine
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit, urlunsplit


def url_through(url: str, port: int) -> str:
    """The same database URL, reached through 127.0.0.1:`port` (the proxy)."""
    parts = urlsplit(url)
    netloc = f"{parts.username}@127.0.0.1:{port}" if parts.username else f"127.0.0.1:{port}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


class TcpProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self._target = (target_host, target_port)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._links: set[asyncio.StreamWriter] = set()
        self._flowing = asyncio.Event()
        self._refusing = False
        self._server: asyncio.Server | None = None
        self.port = 0
        self.accepted = 0

    def __enter__(self) -> TcpProxy:
        self._thread.start()
        self._call(self._start)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._call(self._stop)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    def stall(self) -> None:
        self._call(self._set, flowing=False, refusing=False)

    def cut(self) -> None:
        self._call(self._set, flowing=False, refusing=True)

    def resume(self) -> None:
        self._call(self._set, flowing=True, refusing=False)

    def _call(self, make: Callable[..., Coroutine[Any, Any, None]], **kwargs: bool) -> None:
        asyncio.run_coroutine_threadsafe(make(**kwargs), self._loop).result(timeout=10)

    async def _start(self) -> None:
        self._flowing.set()
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _stop(self) -> None:
        if self._server is not None:
            self._server.close()
        self._reset_all()
        links = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in links:
            task.cancel()
        await asyncio.gather(*links, return_exceptions=True)

    async def _set(self, *, flowing: bool, refusing: bool) -> None:
        self._refusing = refusing
        if flowing:
            self._flowing.set()
        else:
            self._flowing.clear()
        if refusing:
            self._reset_all()

    def _reset_all(self) -> None:
        for writer in list(self._links):
            writer.transport.abort()
        self._links.clear()

    async def _accept(
        self, client_in: asyncio.StreamReader, client_out: asyncio.StreamWriter
    ) -> None:
        # Cancelled when the proxy shuts down; asyncio would log a cancelled handler as an error.
        with contextlib.suppress(asyncio.CancelledError):
            await self._carry(client_in, client_out)

    async def _carry(
        self, client_in: asyncio.StreamReader, client_out: asyncio.StreamWriter
    ) -> None:
        self.accepted += 1
        if self._refusing:
            client_out.transport.abort()
            return
        self._links.add(client_out)
        await self._flowing.wait()  # a stalled network: the connection hangs before it starts
        try:
            server_in, server_out = await asyncio.open_connection(*self._target)
        except OSError:
            client_out.transport.abort()
            return
        self._links.add(server_out)
        await asyncio.gather(
            self._pump(client_in, server_out, client_out),
            self._pump(server_in, client_out, server_out),
        )

    async def _pump(
        self, source: asyncio.StreamReader, sink: asyncio.StreamWriter, other: asyncio.StreamWriter
    ) -> None:
        try:
            while data := await source.read(65536):
                await self._flowing.wait()
                if self._refusing:
                    break
                sink.write(data)
                await sink.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            for writer in (sink, other):
                self._links.discard(writer)
                with contextlib.suppress(Exception):
                    writer.transport.abort()
