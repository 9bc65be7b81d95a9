"""Run one scenario against a running server: probe, warm up, measure load, CPU and memory."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import procs, wrk
from .scenarios import Scenario
from .servers import Running, get

MEASURED_OFFSET = "50000"
DATABASE_PROCESS = "postgres"  # a local PostgreSQL's CPU is shown apart from "others"  # {offset} of the measured run; the warm-up's is 0


@dataclass
class Outcome:
    """A scenario's numbers, or why it has none (`note`)."""

    scenario: Scenario
    note: str = ""
    load: wrk.Load | None = None
    server_cpu: float = 0.0  # CPU seconds of the whole server process tree in the measured run
    rss_mb: list[float] = field(default_factory=list)  # each worker's, after the run
    db_cpu: float = 0.0  # CPU seconds of all PostgreSQL server processes on this machine
    other_cpu: float = 0.0  # CPU seconds of everything else on the machine meanwhile

    @property
    def cpu_ms_per_request(self) -> float | None:
        if self.load is None or not self.load.requests or not procs.available():
            return None
        return self.server_cpu * 1000 / self.load.requests

    def ratio_to(self, bare_rps: float) -> float | None:
        return self.load.rps / bare_rps if self.load is not None and bare_rps else None


@dataclass(frozen=True)
class Plan:
    """How hard and how long to drive each scenario, and the files the scripts read."""

    seconds: float
    warmup_seconds: float
    files: dict[str, str] = field(default_factory=dict)  # placeholder -> value
    admin_headers: dict[str, str] = field(default_factory=dict)
    on_postgres: bool = False  # else PostgreSQL's CPU is someone else's: counted in "others"


def fill(text: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    return text


def probe(running: Running, scenario: Scenario, plan: Plan) -> str:
    """ "" when the route exists; else why the scenario cannot run here."""
    headers = plan.admin_headers if scenario.admin else {}
    status, _ = get(running.base_url + fill(scenario.probe_path, plan.files), headers)
    return "not available (404 on this branch)" if status == 404 else ""


def measure(running: Running, scenario: Scenario, plan: Plan) -> Outcome:
    if why := probe(running, scenario, plan):
        return Outcome(scenario, note=why)
    if scenario.admin and not plan.admin_headers:
        return Outcome(scenario, note="not available (no admin token: login failed)")
    url = running.base_url + scenario.path
    headers = plan.admin_headers if scenario.admin else {}

    def drive(seconds: float, offset: str) -> wrk.Load:
        args = [fill(a, {**plan.files, "offset": offset}) for a in scenario.args]
        return wrk.run(url, scenario.script, args, scenario.connections, seconds, headers)

    try:
        if plan.warmup_seconds > 0:  # connections, caches, SQLite pages, Postgres plans
            drive(plan.warmup_seconds, "0")
        before = (
            procs.cpu_seconds(running.pid),
            procs.cpu_seconds_named(DATABASE_PROCESS),
            procs.machine_busy_seconds(),
        )
        load = drive(plan.seconds, MEASURED_OFFSET)
        server_cpu = procs.cpu_seconds(running.pid) - before[0]
        db_cpu = procs.cpu_seconds_named(DATABASE_PROCESS) - before[1] if plan.on_postgres else 0.0
        busy = procs.machine_busy_seconds() - before[2]
    except (wrk.WrkError, OSError) as exc:
        return Outcome(scenario, note=f"failed: {exc}")
    return Outcome(
        scenario,
        load=load,
        server_cpu=server_cpu,
        rss_mb=procs.worker_rss_mb(running.pid),
        db_cpu=db_cpu,
        other_cpu=max(0.0, busy - server_cpu - load.client_cpu - db_cpu),
    )
