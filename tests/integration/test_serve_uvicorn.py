"""`beautique serve --server uvicorn` for real: it migrates and serves the app, both of two
workers answer, an oversized body still gets its 413, and SIGTERM stops it with exit status 0."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.conftest import TEST_ENV
from tests.support.server import free_port

STARTUP_SECONDS = 30


def _wait_healthy(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)  # polling for start-up, not a timing assertion
    raise AssertionError(f"uvicorn never answered /health:\n{log.read_text()[-3000:]}")


def test_uvicorn_serves_the_app_with_two_workers_and_stops_cleanly(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, **TEST_ENV, "DATA_DIR": str(tmp_path), "BEAUTIQUE_ENV": "development"}
    env.pop("DATABASE_URL", None)
    log = tmp_path / "serve.log"
    command = [sys.executable, "-m", "beautique.entrypoints.cli", "serve", f"--port={port}"]
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [*command, "--server=uvicorn", "--workers=2"],
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(base, process, log)
        catalogue = httpx.get(f"{base}/api/products?limit=1", timeout=5)
        assert catalogue.status_code == 200
        assert catalogue.json()["total"] > 0  # the demo seed ran before serving
        too_big = httpx.post(
            f"{base}/api/orders",
            content=b"{" + b" " * (2 * 1024 * 1024) + b"}",
            headers={"Content-Type": "application/json"},
            timeout=10,
        )
        assert too_big.status_code == 413
        assert too_big.json()["detail"]
        # What server.py's docstring says uvicorn lacks: a whole 70 KB header block is served
        # (granian answers 431). If uvicorn starts bounding it, this fails: update the docs.
        big_header = httpx.get(f"{base}/health", headers={"X-Big": "a" * 70_000}, timeout=5)
        assert big_header.status_code == 200
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0, log.read_text()[-3000:]
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    text = log.read_text()
    assert "Started parent process" in text
    assert text.count("Started server process") == 2  # each worker served the app
