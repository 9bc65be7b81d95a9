"""What a server worker carries once started: only the libraries its settings chose, and a
start-up heap the garbage collector no longer walks (docs/performance.md, "The collector's
pauses and each worker's memory").

Each case starts the app in a fresh interpreter exactly as a server worker does (the factory
with no container, then the lifespan's start-up) and reports what it loaded and froze: this
test process has long since imported every adapter, so it cannot tell.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import TEST_ENV

OPTIONAL_LIBRARIES = ("psycopg", "psycopg_pool", "redis", "cloudinary", "PIL")
CHOOSING_SETTINGS = ("DATABASE_URL", "REDIS_URL", "CLOUDINARY_URL")  # each case sets its own

WORKER = f"""
import gc, json, sys
from litestar.testing import TestClient
from beautique.entrypoints.http.app import create_app

app = create_app()
with TestClient(app) as client:
    status = client.get("/health/ready").status_code
    frozen = gc.get_freeze_count()
loaded = [name for name in {OPTIONAL_LIBRARIES!r} if name in sys.modules]
print(json.dumps({{"status": status, "frozen": frozen, "loaded": loaded}}))
"""


def start_worker(tmp_path: Path, **env: str) -> dict[str, object]:
    environment = {k: v for k, v in os.environ.items() if k not in CHOOSING_SETTINGS}
    environment.update(TEST_ENV, DATA_DIR=str(tmp_path), BEAUTIQUE_ENV="development", **env)
    done = subprocess.run(
        [sys.executable, "-c", WORKER],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return report


def test_a_worker_on_the_embedded_defaults_loads_no_optional_library(tmp_path: Path) -> None:
    report = start_worker(tmp_path)

    assert report["status"] == 200
    assert report["loaded"] == []


def test_a_worker_on_postgres_loads_psycopg_and_nothing_else_optional(
    tmp_path: Path, pg_url: str
) -> None:
    report = start_worker(tmp_path, DATABASE_URL=pg_url)

    assert report["status"] == 200
    assert report["loaded"] == ["psycopg", "psycopg_pool"]


@pytest.mark.parametrize("database", ["sqlite", "postgres"])
def test_a_started_worker_has_frozen_its_start_up_heap(
    tmp_path: Path, database: str, request: pytest.FixtureRequest
) -> None:
    env = {"DATABASE_URL": request.getfixturevalue("pg_url")} if database == "postgres" else {}

    report = start_worker(tmp_path, **env)

    # Tens of thousands: the modules, the routes and the container all moved out of reach.
    assert isinstance(report["frozen"], int) and report["frozen"] > 10_000
