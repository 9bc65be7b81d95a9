"""`beautique serve` for real: what reaches the log for a request that carries a phone number."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.conftest import TEST_ENV
from tests.support.server import free_port

PHONE_DIGITS = "3001234567"


def test_serve_logs_the_request_id_but_never_the_phone(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, **TEST_ENV, "DATA_DIR": str(tmp_path), "BEAUTIQUE_ENV": "development"}
    env.pop("DATABASE_URL", None)
    log_path = tmp_path / "serve.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "beautique.entrypoints.cli", "serve", f"--port={port}"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while True:  # bounded wait for start-up (migrations, demo seed, first admin)
                assert server.poll() is None, log_path.read_text()
                try:
                    if httpx.get(f"{base}/health/ready", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, "server did not start in 60 s"
                time.sleep(0.2)
            response = httpx.get(
                f"{base}/api/orders/track",
                params={"order_id": "BQ-20260101-001", "phone": f"0{PHONE_DIGITS}"},
                headers={"X-Request-ID": "trace-me-42"},
            )
            assert response.status_code == 404
        finally:
            server.terminate()
            server.wait(timeout=30)
    output = log_path.read_text()
    assert "GET /api/orders/track 404" in output
    assert "trace-me-42" in output
    assert PHONE_DIGITS not in output
