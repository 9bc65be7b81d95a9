"""The benchmark report: the machine, one table per store, the goals. Markdown, printed too."""

from __future__ import annotations

import os
import platform
import sqlite3
import subprocess
from contextlib import suppress
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from . import procs
from .measure import Outcome

REPO = Path(__file__).resolve().parent.parent

HEADER = (
    "| scenario | req/s | x bare | x bare CPU | p50 ms | p90 ms | p99 ms | errors "
    "| server CPU ms/req | cores: server / wrk / postgres / others | worker RSS MB |"
)
LEGEND = [
    "Columns: req/s = completed requests / seconds; x bare = that over the bare app's req/s "
    "(same server, same workers); x bare CPU = the bare app's server CPU per request over ours, "
    "the throughput ratio if both were CPU-bound on the same cores (little moved by other "
    "load); p50/p90/p99 = wrk's latency percentiles; errors = socket "
    "errors + responses other than 2xx/3xx; server CPU ms/req = user+system CPU of the server's "
    "whole process tree (from /proc) / completed requests; cores = CPU busy during the run in "
    "the server, in wrk, in PostgreSQL (all its processes on this machine; PostgreSQL runs "
    "only) and in every other process (⚠ above "
    "0.2: something else was competing for the CPU); worker RSS = each worker's resident "
    "memory after the run.",
]
NOISY_CORES = 0.2  # other processes busier than this during a run: its numbers are disturbed
RULE = "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"


def _first_line_with(path: str, prefix: str) -> str | None:
    with suppress(OSError):
        for line in Path(path).read_text().splitlines():
            if line.startswith(prefix):
                return line.split("=" if "=" in prefix else ":", 1)[1].strip().strip('"')
    return None


def load_average() -> str:
    with suppress(OSError):
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    return "n/a"


def machine(server: str, workers: int, wrk_version: str, extra: list[str]) -> list[str]:
    cpu = _first_line_with("/proc/cpuinfo", "model name") or platform.processor() or "unknown"
    ram = "unknown"
    with suppress(OSError, ValueError):
        ram = f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.1f} GiB"
    distro = _first_line_with("/etc/os-release", "PRETTY_NAME=") or platform.system()
    versions = ", ".join(f"{name} {_version(name)}" for name in ("litestar", "msgspec", "uvloop"))
    return [
        f"- CPU: {cpu}, {os.cpu_count()} logical cores",
        f"- RAM: {ram}",
        f"- OS: {distro} ({platform.platform()})",
        f"- Python {platform.python_version()} ({platform.python_implementation()}), {versions}",
        f"- Server: {server}, {workers} worker(s) for both apps",
        f"- Load generator: {wrk_version}, on the same machine",
        f"- SQLite {sqlite3.sqlite_version}",
        *[f"- {line}" for line in extra],
        f"- Code: {code_version()}",
    ]


def code_version() -> str:
    """The commit measured, and whether the work tree differed from it (results are committed
    after the run, so a run of committed code shows a clean tree)."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=False)
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD")
    if not commit:
        return "unknown (not a git checkout)"
    changed = git("status", "--porcelain", "--untracked-files=no", "--", ".", ":!bench/results")
    return f"commit {commit}" + (", with uncommitted changes" if changed else "")


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "n/a"


@dataclass(frozen=True)
class Floor:
    """The bare app's numbers a store's ratios divide by."""

    rps: float = 0.0
    cpu_ms: float | None = None  # server CPU ms per request
    note: str = ""


def _ratio(value: float | None) -> str:
    return f"{value:.2f}" if value is not None else "n/a"


def row(outcome: Outcome, floor: Floor) -> str:
    load, name = outcome.load, outcome.scenario.name
    if load is None:
        return f"| {name} | {outcome.note} | | | | | | | | | |"
    ratio = outcome.ratio_to(floor.rps) if floor.rps else None
    cpu = outcome.cpu_ms_per_request
    cpu_ratio = floor.cpu_ms / cpu if floor.cpu_ms and cpu else None
    cores = "n/a"
    if load.seconds and procs.available():
        shares = (outcome.server_cpu, load.client_cpu, outcome.db_cpu, outcome.other_cpu)
        cores = " / ".join(f"{cpu / load.seconds:.2f}" for cpu in shares)
        if outcome.other_cpu / load.seconds > NOISY_CORES:
            cores += " ⚠"
    errors = f"{load.errors:,}" + (f" ({load.error_detail()})" if load.errors else "")
    return (
        f"| {name} | {load.rps:,.0f} | {_ratio(ratio)} | {_ratio(cpu_ratio)} "
        f"| {load.latency_ms['p50']:.1f} | {load.latency_ms['p90']:.1f} "
        f"| {load.latency_ms['p99']:.1f} | {errors} "
        f"| {f'{cpu:.2f}' if cpu is not None else 'n/a'} | {cores} "
        f"| {', '.join(f'{mb:.0f}' for mb in outcome.rss_mb) or 'n/a'} |"
    )


def table(title: str, outcomes: list[Outcome], floor: Floor) -> list[str]:
    return [f"### {title}", "", HEADER, RULE, *(row(o, floor) for o in outcomes), ""]


def floor_of(floors: list[Outcome]) -> Floor:
    """Mean of the bare runs just before and after a store's, with a note on how far they drift."""
    runs = [o for o in floors if o.load is not None]
    if not runs:
        return Floor(note="x bare: no floor measured, so no ratios.")
    rates = [o.load.rps for o in runs if o.load is not None]
    costs = [c for o in runs if (c := o.cpu_ms_per_request) is not None]
    mean = sum(rates) / len(rates)
    cpu = sum(costs) / len(costs) if costs else None
    note = f"x bare divides by {mean:,.0f} req/s"
    if cpu is not None:
        note += f" (x bare CPU: {cpu:.3f} ms/req)"
    note += ", the bare app's"
    if len(rates) == 1:
        return Floor(mean, cpu, note + " run next to this one.")
    drift = (max(rates) - min(rates)) / mean
    note += f" mean of its runs before and after ({' and '.join(f'{r:,.0f}' for r in rates)})"
    if drift > 0.10:
        note += f"; they differ by {drift:.0%}: the machine's load moved, read x bare with care"
    return Floor(mean, cpu, note + ".")
