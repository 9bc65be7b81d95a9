"""One real uvicorn process serving the app (started as tests/integration/test_checkout_race.py
does), which a test may also kill -9 or measure from /proc."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.conftest import TEST_ENV

STARTUP_SECONDS = 30


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


UVICORN = [
    sys.executable,
    "-m",
    "uvicorn",
    "beautique.entrypoints.http.app:create_app",
    "--factory",
    "--host=127.0.0.1",
    "--no-access-log",
]


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def kill_hard(self) -> None:
        """SIGKILL: no shutdown handler, no flush, no rollback (a crash or the OOM killer)."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def peak_rss_mb(self) -> float:
        """The highest resident memory the process ever had (VmHWM), in MB."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        line = next(row for row in status.splitlines() if row.startswith("VmHWM:"))
        return int(line.split()[1]) / 1024

    async def wait_ready(self) -> None:
        """Bounded poll of /health/ready; fail with the server's log if it never answers."""
        deadline = time.monotonic() + STARTUP_SECONDS
        async with httpx.AsyncClient(timeout=2) as client:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    break
                try:
                    if (await client.get(f"{self.url}/health/ready")).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)
        pytest.fail(f"server {self.url} never became ready:\n{self.log_text()[-3000:]}")

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


@contextmanager
def serve(database_url: str, workdir: Path, name: str = "server", **env: str) -> Iterator[Server]:
    """Start the app on a free port with TEST_ENV plus `env`; stopped (or reaped) at the end."""
    port = free_port()
    log = workdir / f"{name}.log"
    environment = {
        **os.environ,
        **TEST_ENV,
        "DATABASE_URL": database_url,
        "DATA_DIR": str(workdir),
        "LOG_LEVEL": "WARNING",
        **env,
    }
    with log.open("ab") as sink:
        process = subprocess.Popen(
            [*UVICORN, f"--port={port}"], env=environment, stdout=sink, stderr=subprocess.STDOUT
        )
    try:
        yield Server(f"http://127.0.0.1:{port}", process, log)
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
