"""Load benchmark: start `beautique serve` on a scratch store, drive it with httpx, report.

    .venv/bin/python bench/run.py [--requests 2000] [--concurrency 20]
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres  # also run on Postgres

Postgres runs in a throw-away database created on that server and dropped afterwards.
Results are printed and written to bench/results/latest.md. See bench/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

RESULTS = Path(__file__).parent / "results" / "latest.md"
READY_TIMEOUT_SECONDS = 60.0
WARMUP_REQUESTS = 50
Request = tuple[str, str, dict[str, Any] | None]  # method, path, JSON body


@dataclass
class Scenario:
    name: str
    expect: int
    make: Callable[[int], Request] | None = None  # request number -> request
    unavailable: str = ""


@dataclass
class Result:
    scenario: str
    note: str = ""
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0
    server_cpu: float = 0.0  # CPU seconds the server used in the measured phase
    client_cpu: float = 0.0  # ... and this load generator

    def pct(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000

    @property
    def rps(self) -> float:
        return (len(self.latencies) + self.errors) / self.seconds if self.seconds else 0.0


# --- the server under test ---------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def beautique_command() -> list[str]:
    script = Path(sys.executable).with_name("beautique")
    return [str(script)] if script.exists() else [sys.executable, "-m", "beautique.entrypoints.cli"]


@contextmanager
def server(env: dict[str, str], workdir: Path, workers: int) -> Iterator[tuple[str, int]]:
    """A running `beautique serve`; always stopped (and its log shown if it never got ready)."""
    port = free_port()
    log_path = workdir / "server.log"
    seeded = subprocess.run(
        [*beautique_command(), "seed-demo"], env=env, capture_output=True, text=True, check=False
    )
    if seeded.returncode != 0:
        print(f"  (seed-demo unavailable or failed: {seeded.stderr.strip()[-200:]})")
    with log_path.open("w") as log:
        command = [*beautique_command(), "serve", "--port", str(port), "--workers", str(workers)]
        proc = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base, proc, log_path)
        yield base, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def wait_ready(base: str, proc: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(
                f"server exited ({proc.returncode}):\n{log_path.read_text()[-2000:]}"
            )
        try:
            if httpx.get(f"{base}/health/ready", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)  # polling a starting server, not a timing assertion
    raise RuntimeError(f"not ready after {READY_TIMEOUT_SECONDS}s:\n{log_path.read_text()[-2000:]}")


def cpu_seconds(pid: int) -> float:
    """CPU time of the server and its direct children (uvicorn workers); 0 without /proc."""
    total, tick = 0.0, os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()  # from field 3 (state) on
            if int(stat.parent.name) == pid or int(fields[1]) == pid:
                total += (int(fields[11]) + int(fields[12])) / tick  # utime + stime
    return total


@contextmanager
def scratch_postgres(server_url: str) -> Iterator[str]:
    import psycopg
    from psycopg import sql

    name = f"beautique_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    parts = urlsplit(server_url)
    try:
        yield urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))
    finally:
        with psycopg.connect(server_url, autocommit=True) as conn:
            drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
            conn.execute(drop.format(sql.Identifier(name)))


# --- scenarios ---------------------------------------------------------------------------


def route_missing(response: httpx.Response) -> bool:
    """404 from the router itself (no such endpoint yet), not a resource's own 404."""
    if response.status_code not in (404, 405):
        return False
    try:
        detail = response.json().get("detail")
    except ValueError:
        return True
    return detail in ("Not found", "Method Not Allowed")


def order_body(product: dict[str, Any]) -> dict[str, Any]:
    return {
        "customer_name": "Bench Customer",
        "phone": "0300 1234567",
        "whatsapp": "+92 300 1234567",
        "address": "House 12, Street 4, F-7/2",
        "city": "Islamabad",
        "payment_method": "Easypaisa",
        "items": [
            {
                "product_id": product["id"],
                "size": product["sizes"][0],
                "color": product["colors"][0],
                "quantity": 1,
                "price": product["effective_price"],
            }
        ],
    }


def discover(base: str) -> list[Scenario]:
    """Build the scenarios from what the server offers; a missing endpoint is reported, not fatal."""
    with httpx.Client(base_url=base, timeout=10) as http:
        listing = http.get("/api/products", params={"limit": 50})
        list_missing = route_missing(listing)
        categories_missing = route_missing(http.get("/api/categories"))
        orders_missing = route_missing(http.post("/api/orders", json={}))
    products: list[dict[str, Any]] = [] if list_missing else listing.json().get("items", [])
    no_products = "endpoint not available" if list_missing else "no products in the catalogue"

    def detail(n: int) -> Request:
        return "GET", f"/api/products/{products[n % len(products)]['id']}", None

    def order(n: int) -> Request:
        return "POST", "/api/orders", order_body(products[n % len(products)])

    if orders_missing:
        create = unavailable("create order", "endpoint not available")
    else:
        create = (
            Scenario("create order", 201, order)
            if products
            else unavailable("create order", no_products)
        )
    return [
        fixed_get("list maxi price_asc (cached)", LIST_PATH, list_missing),
        Scenario("product detail", 200, detail)
        if products
        else unavailable("product detail", no_products),
        fixed_get("categories", "/api/categories", categories_missing),
        create,
    ]


LIST_PATH = "/api/products?category=maxi&sort=price_asc"


def unavailable(name: str, why: str) -> Scenario:
    return Scenario(name, 0, None, why)


def fixed_get(name: str, path: str, missing: bool) -> Scenario:
    if missing:
        return unavailable(name, "endpoint not available")
    return Scenario(name, 200, lambda _: ("GET", path, None))


async def drive(
    base: str, scenario: Scenario, requests: int, concurrency: int, server_pid: int
) -> Result:
    """`requests` measured requests, `concurrency` at a time, after an unmeasured warm-up."""
    result = Result(scenario.name, scenario.unavailable)
    if scenario.make is None:
        return result
    make, expect = scenario.make, scenario.expect
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as http:

        async def run(numbers: Iterator[int], record: bool) -> None:
            for n in numbers:  # one shared iterator: each worker takes the next request number
                method, path, body = make(n)
                started = time.perf_counter()
                try:
                    response = await http.request(method, path, json=body)
                    ok = response.status_code == expect
                except httpx.HTTPError:
                    ok = False
                if record and ok:
                    result.latencies.append(time.perf_counter() - started)
                elif record:
                    result.errors += 1

        # Warm-up: open the connections, fill caches, let the database settle its plans.
        warmup = iter(range(WARMUP_REQUESTS))
        await asyncio.gather(*(run(warmup, False) for _ in range(concurrency)))
        measured = iter(range(WARMUP_REQUESTS, WARMUP_REQUESTS + requests))
        cpu_before, client_before = cpu_seconds(server_pid), time.process_time()
        started = time.perf_counter()
        await asyncio.gather(*(run(measured, True) for _ in range(concurrency)))
        result.seconds = time.perf_counter() - started
        result.server_cpu = cpu_seconds(server_pid) - cpu_before
        result.client_cpu = time.process_time() - client_before
    return result


# --- report ------------------------------------------------------------------------------


def machine() -> list[str]:
    cpu = platform.processor() or platform.machine()
    with suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = "unknown"
    with suppress(OSError, ValueError):
        ram = f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.1f} GiB"
    return [
        f"- CPU: {cpu}, {os.cpu_count()} logical cores",
        f"- RAM: {ram}",
        f"- OS: {platform.platform()}",
        f"- Python {platform.python_version()} ({platform.python_implementation()}), "
        f"SQLite {sqlite3.sqlite_version}, httpx {httpx.__version__}",
    ]


def table(backend: str, results: list[Result]) -> list[str]:
    lines = [
        f"### {backend}",
        "",
        "| scenario | requests | errors | req/s | p50 ms | p95 ms | p99 ms "
        "| server CPU ms/req | server / client CPU |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        if not r.latencies:
            why = r.note or "every request failed"
            lines.append(f"| {r.scenario} | — | — | not available: {why} | | | | | |")
            continue
        lines.append(
            f"| {r.scenario} | {len(r.latencies) + r.errors} | {r.errors} | {r.rps:,.0f} "
            f"| {r.pct(0.50):.1f} | {r.pct(0.95):.1f} | {r.pct(0.99):.1f} "
            f"| {cpu_per_request(r)} | {cpu_split(r)} |"
        )
    return [*lines, "", *ratios(results), ""]


def cpu_per_request(r: Result) -> str:
    total = len(r.latencies) + r.errors
    return f"{r.server_cpu * 1000 / total:.2f}" if r.server_cpu and total else "n/a"


def cpu_split(r: Result) -> str:
    """Cores busy in the server vs in the load generator while measuring."""
    if not r.seconds:
        return "n/a"
    return f"{r.server_cpu / r.seconds:.2f} / {r.client_cpu / r.seconds:.2f} cores"


def ratios(results: list[Result]) -> list[str]:
    by_name = {r.scenario: r for r in results if r.latencies}
    pairs = [
        ("list maxi price_asc (cached)", "product detail"),
        ("categories", "product detail"),
        ("create order", "product detail"),
    ]
    lines = []
    for a, b in pairs:
        if a in by_name and b in by_name:
            ra, rb = by_name[a], by_name[b]
            line = f"- {a} vs {b}: throughput x{ra.rps / rb.rps:.2f}, p50 latency x{ra.pct(0.5) / rb.pct(0.5):.2f}"
            if ra.server_cpu and rb.server_cpu:  # per request, so independent of the client
                line += f", server CPU per request x{ra.server_cpu / rb.server_cpu:.2f}"
            lines.append(line)
    return lines or ["- ratios: not enough scenarios available"]


# --- main --------------------------------------------------------------------------------


def server_env(data_dir: Path, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "CLOUDINARY_URL")}
    env.update(
        DATA_DIR=str(data_dir),
        DATABASE_URL=database_url,
        BEAUTIQUE_ENV="development",
        # The bench measures the service, not the abuse guard: limits off.
        RATE_LIMIT_LOGIN="0",
        RATE_LIMIT_TRACKING="0",
        RATE_LIMIT_ORDERS="0",
    )
    return env


def bench_backend(backend: str, database_url: str, args: argparse.Namespace) -> list[Result]:
    print(f"\n== {backend}: {args.requests} requests per scenario, concurrency {args.concurrency}")
    with tempfile.TemporaryDirectory(prefix="beautique-bench-") as tmp:
        with server(server_env(Path(tmp), database_url), Path(tmp), args.workers) as (base, pid):
            results = []
            for scenario in discover(base):
                load = drive(base, scenario, args.requests, args.concurrency, pid)
                result = asyncio.run(load)
                print(f"  {scenario.name}: " + (result.note or f"{result.rps:,.0f} req/s"))
                results.append(result)
        return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="measured requests per scenario")
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    args = parser.parse_args()
    backends = [("SQLite", "")]
    if pg := os.environ.get("BENCH_DATABASE_URL", "").strip():
        backends.append(("PostgreSQL", pg))
    report = [
        f"# Beautique load benchmark — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"`bench/run.py`: one `beautique serve --workers {args.workers}` on this machine, "
        f"{args.requests} measured requests per scenario after {WARMUP_REQUESTS} warm-up, "
        f"{args.concurrency} concurrent httpx clients in one process on the same machine, "
        "rate limits off, default logging.",
        "",
        *machine(),
        "",
    ]
    for backend, url in backends:
        if url:
            with scratch_postgres(url) as scratch:
                report += table(backend, bench_backend(backend, scratch, args))
        else:
            report += table(backend, bench_backend(backend, url, args))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(report))
    print("\n" + "\n".join(report))
    print(f"written to {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
