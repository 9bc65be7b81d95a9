"""The CSV export at 100,000 orders: one whole download, the workers' memory watched meanwhile.

wrk would measure throughput, which is not the question for an export: the owner downloads it
once, and what matters is that the server streams it (the first bytes leave at once) without its
memory growing with the number of orders (goal: less than 30 MB).
"""

from __future__ import annotations

import threading
import time
import urllib.request
from dataclasses import dataclass

from . import procs
from .servers import Running

EXPORT_PATH = "/api/admin/orders/export"
SAMPLE_SECONDS = 0.02
GROWTH_LIMIT_MB = 30.0


@dataclass(frozen=True)
class ExportRun:
    status: int
    bytes: int
    rows: int
    first_byte_ms: float
    seconds: float
    growth_mb: float  # the largest growth of any one worker's RSS over its size before


def _watch(root: int, stop: threading.Event, peaks: dict[int, float]) -> None:
    while not stop.is_set():
        for pid in procs.worker_pids(root):
            peaks[pid] = max(peaks.get(pid, 0.0), procs.rss_mb(pid))
        stop.wait(SAMPLE_SECONDS)


def measure_export(running: Running, headers: dict[str, str]) -> ExportRun:
    before = {pid: procs.rss_mb(pid) for pid in procs.worker_pids(running.pid)}
    peaks: dict[int, float] = {}
    stop = threading.Event()
    watcher = threading.Thread(target=_watch, args=(running.pid, stop, peaks), daemon=True)
    watcher.start()
    request = urllib.request.Request(running.base_url + EXPORT_PATH, headers=headers)
    started = time.perf_counter()
    first_byte, size, rows = 0.0, 0, 0
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            status = response.status
            while chunk := response.read(64 * 1024):
                first_byte = first_byte or time.perf_counter()
                size += len(chunk)
                rows += chunk.count(b"\n")
    finally:
        stop.set()
        watcher.join()
    ended = time.perf_counter()
    growth = max((peaks.get(pid, 0.0) - base for pid, base in before.items()), default=0.0)
    return ExportRun(
        status,
        size,
        max(0, rows - 1),  # the header row
        (first_byte - started) * 1000,
        ended - started,
        growth,
    )


def report(run: ExportRun | None, note: str = "") -> list[str]:
    """The export's lines for the results, with its goal judged from the numbers."""
    if run is None:
        return ["- **NO DATA** — export of 100,000 orders grows a worker by < 30 MB: " + note]
    verdict = "MET" if run.status == 200 and run.growth_mb < GROWTH_LIMIT_MB else "NOT MET"
    return [
        f"- **{verdict}** — export of {run.rows:,} orders grows a worker by < "
        f"{GROWTH_LIMIT_MB:g} MB",
        f"  - status {run.status}, {run.bytes / 1e6:,.1f} MB in {run.seconds:.1f} s, first bytes "
        f"after {run.first_byte_ms:,.0f} ms, largest worker RSS growth {run.growth_mb:.1f} MB",
    ]
