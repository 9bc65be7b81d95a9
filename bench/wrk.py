"""Drive a server with wrk and read its numbers from the JSON line our Lua `done()` prints."""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

LUA_DIR = Path(__file__).resolve().parent / "lua"
MARK = "BENCH_JSON "
THREADS = 2
TIMEOUT = "10s"  # a request slower than this is a timeout error (wrk's default is 2 s)


class WrkError(RuntimeError):
    pass


@dataclass
class Load:
    """One wrk run: totals over all threads."""

    seconds: float
    requests: int  # completed requests (any status)
    latency_ms: dict[str, float]  # p50, p90, p99, max, mean
    socket_errors: dict[str, int]  # connect, read, write, timeout
    statuses: dict[int, int] = field(default_factory=dict)
    client_cpu: float = 0.0  # CPU seconds wrk itself used

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def bad_statuses(self) -> int:
        """Responses other than 2xx/3xx."""
        return sum(n for code, n in self.statuses.items() if not 200 <= code < 400)

    @property
    def errors(self) -> int:
        return sum(self.socket_errors.values()) + self.bad_statuses

    def error_detail(self) -> str:
        parts = [
            f"{n}x{code}" for code, n in sorted(self.statuses.items()) if not 200 <= code < 400
        ]
        parts += [f"{n} {kind}" for kind, n in self.socket_errors.items() if n]
        return ", ".join(parts)


def installed() -> bool:
    return shutil.which("wrk") is not None


def version() -> str:
    """First line of `wrk -v`, e.g. "wrk debian/4.1.0-3+b2 [epoll]"."""
    done = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)
    first = (done.stdout or done.stderr).strip().splitlines()
    return first[0].split(" Copyright")[0] if first else "wrk (version unknown)"


def run(
    url: str,
    script: str,
    args: list[str],
    connections: int,
    seconds: float,
    headers: dict[str, str] | None = None,
) -> Load:
    """`wrk -t2 -c<connections> -d<seconds>s --latency -s <script> <url> -- <args>`."""
    command = ["wrk", f"-t{THREADS}", f"-c{connections}", f"-d{seconds:g}s", "--latency"]
    command += ["--timeout", TIMEOUT, "-s", script]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    command += [url, "--", *args]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        command, cwd=LUA_DIR, capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # wrk is the only child reaped here
    load = parse(done.stdout, done.stderr, done.returncode)
    load.client_cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return load


def parse(stdout: str, stderr: str, returncode: int) -> Load:
    line = next((ln for ln in stdout.splitlines() if ln.startswith(MARK)), None)
    if returncode != 0 or line is None:
        raise WrkError(f"wrk failed ({returncode}): {(stderr or stdout).strip()[-800:]}")
    data = json.loads(line[len(MARK) :])
    errors = data["errors"]
    return Load(
        seconds=data["duration_us"] / 1e6,
        requests=data["requests"],
        latency_ms={k: v / 1000 for k, v in data["latency_us"].items()},
        socket_errors={k: errors[k] for k in ("connect", "read", "write", "timeout")},
        statuses={int(code): n for code, n in data["statuses"].items()},
    )
