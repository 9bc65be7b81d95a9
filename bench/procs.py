"""What a server process tree costs, read from /proc (Linux): CPU time and resident memory."""

from __future__ import annotations

import os
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
TICK = os.sysconf("SC_CLK_TCK")
HELPERS = ("resource_tracker", "semaphore_tracker")  # multiprocessing's, not serving workers


@dataclass(frozen=True)
class Stat:
    pid: int
    ppid: int
    cpu_seconds: float  # utime + stime
    name: str = ""  # the kernel's command name ("postgres", "python", ...)


def _stat(pid: int) -> Stat | None:
    with suppress(OSError, ValueError, IndexError):
        # The command name may hold spaces and parentheses: split after its last ")".
        head, tail = (PROC / str(pid) / "stat").read_text().rsplit(")", 1)
        fields = tail.split()
        cpu = (int(fields[11]) + int(fields[12])) / TICK
        return Stat(pid, int(fields[1]), cpu, head.split("(", 1)[1])
    return None


def _all_stats() -> list[Stat]:
    stats = []
    for entry in PROC.iterdir():
        if entry.name.isdigit() and (stat := _stat(int(entry.name))) is not None:
            stats.append(stat)
    return stats


def tree(root: int) -> list[Stat]:
    """The root process and all its descendants, root first."""
    stats = _all_stats()
    children: dict[int, list[Stat]] = {}
    for stat in stats:
        children.setdefault(stat.ppid, []).append(stat)
    found = [s for s in stats if s.pid == root]
    for stat in found:  # grows while we walk it: breadth first
        found.extend(children.get(stat.pid, []))
    return found


def cpu_seconds_named(name: str) -> float:
    """CPU time so far of every live process with that command name (e.g. all of PostgreSQL)."""
    return sum(stat.cpu_seconds for stat in _all_stats() if stat.name == name)


def cpu_seconds(root: int) -> float:
    """CPU time (user + system) used so far by the live processes of the tree."""
    return sum(stat.cpu_seconds for stat in tree(root))


def _cmdline(pid: int) -> str:
    with suppress(OSError):
        return (PROC / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode()
    return ""


def rss_mb(pid: int) -> float:
    with suppress(OSError, ValueError, IndexError):
        for line in (PROC / str(pid) / "status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024  # kB
    return 0.0


def worker_pids(root: int) -> list[int]:
    """The processes that serve requests: the supervisor's children (not multiprocessing's
    helpers), or the root itself when it serves alone (one worker, no supervisor)."""
    children = [
        s.pid
        for s in tree(root)
        if s.ppid == root and not any(h in _cmdline(s.pid) for h in HELPERS)
    ]
    return sorted(children) or [root]


def worker_rss_mb(root: int) -> list[float]:
    return [rss_mb(pid) for pid in worker_pids(root)]


def machine_busy_seconds() -> float:
    """CPU time the whole machine spent busy so far, all cores (user, system, irq, steal...)."""
    with suppress(OSError, ValueError, IndexError):
        fields = [int(x) for x in (PROC / "stat").read_text().split("\n", 1)[0].split()[1:9]]
        user, nice, system, _idle, _iowait, irq, softirq, steal = fields
        return (user + nice + system + irq + softirq + steal) / TICK
    return 0.0


def available() -> bool:
    return (PROC / "self" / "stat").exists()
