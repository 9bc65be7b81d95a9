"""`beautique serve` for real, over raw TCP: header size, slow and silent clients, stalled bodies,
clients that leave, and what each of them leaves in the log.

The server runs with 1-second header and body timeouts; every wait below is bounded and only
an upper bound on the elapsed time is asserted (a generous one: the machine may be busy).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.conftest import TEST_ENV
from tests.support.server import free_port

TIMEOUT = 1  # REQUEST_HEADER_TIMEOUT and REQUEST_BODY_TIMEOUT, seconds
BOUND = TIMEOUT + 5  # what "within the timeout" may take on a loaded machine


@dataclass(frozen=True)
class Server:
    port: int
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_lines(self, wanted: str, within: float = 10) -> list[str]:
        """The log's lines once one contains `wanted` (lines are written out in batches)."""
        deadline = time.monotonic() + within
        while True:
            lines = self.log.read_text().splitlines()
            if any(wanted in line for line in lines) or time.monotonic() > deadline:
                return lines
            time.sleep(0.1)  # polling a file, not a timing assertion


def start(tmp: Path, body_timeout: int = TIMEOUT) -> tuple[Server, subprocess.Popen[bytes]]:
    env = {**os.environ, **TEST_ENV, "DATA_DIR": str(tmp), "BEAUTIQUE_ENV": "development"}
    env.update(REQUEST_HEADER_TIMEOUT=str(TIMEOUT), REQUEST_BODY_TIMEOUT=str(body_timeout))
    env.pop("DATABASE_URL", None)
    running = Server(free_port(), tmp / "serve.log")
    with running.log.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "beautique.entrypoints.cli", "serve", f"--port={running.port}"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_ready(process, running)
    except BaseException:
        process.kill()
        raise
    return running, process


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running, process = start(tmp_path_factory.mktemp("serve-limits"))
    try:
        yield running
    finally:
        process.terminate()
        assert process.wait(timeout=30) == 0, running.log.read_text()  # a graceful stop


def wait_ready(process: subprocess.Popen[bytes], server: Server) -> None:
    deadline = time.monotonic() + 60
    while True:  # bounded wait for start-up (migrations, demo seed, first admin)
        assert process.poll() is None, server.log.read_text()
        try:
            if httpx.get(f"{server.base}/health/ready", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, "server did not start in 60 s"
        time.sleep(0.2)


def connect(server: Server) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=BOUND + 5)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def read_until_closed(sock: socket.socket) -> tuple[bytes, float]:
    """Everything the server sends until it closes the connection, and how long that took."""
    started, received = time.monotonic(), b""
    with sock:
        while chunk := sock.recv(65536):
            received += chunk
    return received, time.monotonic() - started


@pytest.mark.parametrize(("kilobytes", "refused"), [(15, False), (17, True)])
def test_request_headers_over_16_kb_are_refused_with_431(
    server: Server, kilobytes: int, refused: bool
) -> None:
    headers = {"X-Padding": "a" * (kilobytes * 1024)}
    status = httpx.get(f"{server.base}/health", headers=headers).status_code
    assert (status == 431) is refused, status


@pytest.mark.parametrize(
    "sent",
    [b"", b"GET /health HTTP/1.1\r\nHost: shop\r\nX-Slow: 1"],
    ids=["silent", "slow-headers"],
)
def test_a_client_that_does_not_finish_its_headers_is_cut_off(server: Server, sent: bytes) -> None:
    sock = connect(server)
    sock.sendall(sent)
    received, elapsed = read_until_closed(sock)
    assert b" 200 " not in received
    assert elapsed < BOUND


def test_a_kept_alive_connection_left_idle_is_closed(server: Server) -> None:
    sock = connect(server)
    sock.sendall(b"GET /health HTTP/1.1\r\nHost: shop\r\n\r\n")
    first = sock.recv(65536)
    assert first.startswith(b"HTTP/1.1 200")
    _, elapsed = read_until_closed(sock)
    assert elapsed < BOUND


def post_head(length: int) -> bytes:
    return (
        f"POST /api/orders HTTP/1.1\r\nHost: shop\r\nContent-Type: application/json\r\n"
        f"Content-Length: {length}\r\nX-Request-ID: stalled-1\r\n\r\n"
    ).encode()


def test_a_stalled_body_gets_408_and_the_connection_closed(server: Server) -> None:
    sock = connect(server)
    sock.sendall(post_head(500) + b'{"customer_name": "Slo')
    received, elapsed = read_until_closed(sock)
    head, _, body = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 408"), received
    assert b"x-request-id: stalled-1" in head.lower()
    assert b'{"detail":"The request body did not arrive in time"}' in body
    assert elapsed < BOUND
    lines = server.log_lines("POST /api/orders 408")
    assert any("POST /api/orders 408" in line and "stalled-1" in line for line in lines)


def test_a_body_sent_a_byte_at_a_time_is_cut_off_too(server: Server) -> None:
    sock = connect(server)
    sock.sendall(post_head(500))
    started, answered = time.monotonic(), b""
    for byte in b'{"customer_name": "Trickle", "phone": "03001234567"}':
        try:
            sock.sendall(bytes([byte]))
        except OSError:  # the server answered and closed: the point of this test
            break
        time.sleep(0.2)  # each byte well inside the stall timeout: only the rate is too low
        if time.monotonic() - started > BOUND:
            break
    answered, _ = read_until_closed(sock)
    assert answered.startswith(b"HTTP/1.1 408"), answered
    assert time.monotonic() - started < BOUND


def test_a_client_leaving_mid_body_is_one_info_line_without_a_traceback(server: Server) -> None:
    sock = connect(server)
    sock.sendall(post_head(500).replace(b"stalled-1", b"gone-1") + b'{"customer_name": ')
    time.sleep(0.2)  # let the server start reading the body before the client leaves
    sock.close()
    lines = server.log_lines("gone-1")
    mine = [line for line in lines if "gone-1" in line]
    assert len(mine) == 1, lines
    assert " INFO beautique.access: POST /api/orders 499 " in mine[0]
    assert "client disconnected" in mine[0]
    assert not [line for line in lines if "Traceback" in line or " ERROR " in line], lines


def test_a_line_break_in_a_url_stays_inside_its_log_line(server: Server) -> None:
    forged = "/api/x%0d%0a2026-01-01 00:00:00,000 INFO beautique.access: GET /forged 200 1.0ms"
    assert httpx.get(server.base + forged.replace(" ", "%20")).status_code == 404
    lines = server.log_lines("/forged")
    forged_lines = [line for line in lines if "/forged" in line]
    assert len(forged_lines) == 1, forged_lines
    assert "GET /api/x\\r\\n2026-01-01" in forged_lines[0]


def test_sigterm_lets_a_request_in_flight_finish(tmp_path: Path) -> None:
    running, process = start(tmp_path, body_timeout=10)
    sock = connect(running)
    try:
        sock.sendall(post_head(40) + b'{"customer_name": ')  # the request is being read
        time.sleep(0.3)  # let the request reach the app before the signal
        process.terminate()  # SIGTERM while it is in flight
        sock.sendall(b'"A", "items": []}'.ljust(22, b" "))
        answer, _ = read_until_closed(sock)
        assert answer.startswith(b"HTTP/1.1 422"), answer  # answered, not cut off
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
