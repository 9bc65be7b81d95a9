"""Start the app under test (the bare floor or Beautique) under granian or uvicorn, and stop it.

Both apps get the same server, the same worker count and the same server settings; the only
difference is the app. Under granian (the default, what production runs) Beautique is started
exactly as production starts it, `beautique serve` (migrate, bootstrap, then granian with our
limits), and the bare app through the same function (bench/serve_bare.py). Under uvicorn (kept
to compare servers) both are started with the flags `beautique serve` used to pass to uvicorn;
the store is prepared beforehand (bench/seed.py does what `serve` does first).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SERVERS = ("granian", "uvicorn")
READY_TIMEOUT_SECONDS = 60.0
STOP_TIMEOUT_SECONDS = 15.0
BARE_APP = "bench.hello:app"
OUR_FACTORY = "beautique.entrypoints.http.app:create_app"


@dataclass(frozen=True)
class Running:
    base_url: str
    pid: int  # the root of the server's process tree (supervisor, or the only worker)
    log: Path


def tool(name: str) -> list[str]:
    """A console script of this virtualenv, or `python -m` when it has none."""
    script = Path(sys.executable).with_name(name)
    return [str(script)] if script.exists() else [sys.executable, "-m", name]


def server_version(server: str) -> str:
    try:
        return f"{server} {metadata.version(server)}"
    except metadata.PackageNotFoundError:
        return f"{server} (not installed)"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def command(server: str, app: str, port: int, workers: int) -> list[str]:
    """The command line for `app` ("bare" or "ours") under `server`."""
    where = ["--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    if server == "granian":
        if app == "ours":
            return [*tool("beautique"), "serve", *where]
        return [sys.executable, "-m", "bench.serve_bare", *where]
    if server == "uvicorn":
        target = ["--factory", OUR_FACTORY] if app == "ours" else [BARE_APP]
        return [*tool("uvicorn"), *target, *where, "--no-access-log", "--proxy-headers"]
    raise ValueError(f"unknown server {server!r}; expected one of {', '.join(SERVERS)}")


@contextmanager
def serve(server: str, app: str, workers: int, env: dict[str, str], log: Path) -> Iterator[Running]:
    """A running server, ready to answer; always stopped afterwards (workers included)."""
    port = free_port()
    env = {**env, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))}
    with log.open("w") as out:
        proc = subprocess.Popen(
            command(server, app, port, workers),
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped as a whole below
        )
    running = Running(f"http://127.0.0.1:{port}", proc.pid, log)
    try:
        wait_ready(running, proc, "/" if app == "bare" else "/health/ready")
        yield running
    finally:
        stop(proc)


def wait_ready(running: Running, proc: subprocess.Popen[bytes], path: str) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = running.log.read_text()[-3000:]
            raise RuntimeError(f"server exited with {proc.returncode}:\n{tail}")
        with (
            suppress(OSError, urllib.error.URLError),
            urllib.request.urlopen(running.base_url + path, timeout=2) as response,
        ):
            if response.status == 200:
                return
        time.sleep(0.2)  # polling a starting server, not a timing assertion
    tail = running.log.read_text()[-3000:]
    raise RuntimeError(f"not ready after {READY_TIMEOUT_SECONDS:.0f}s:\n{tail}")


def stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM the server (graceful), then SIGKILL its process group if anything lingers."""
    with suppress(ProcessLookupError):
        proc.terminate()
    with suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=STOP_TIMEOUT_SECONDS)
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)  # the group we created for this server only
    proc.wait()


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    """One plain request (probes, login); the status even when it is an error."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()
