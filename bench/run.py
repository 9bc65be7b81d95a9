"""Load benchmark: wrk against a bare Litestar app (the floor) and Beautique, same server.

    .venv/bin/python -m bench.run [--server granian|uvicorn] [--workers 2] [--duration 10]
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres  # also run on Postgres

Results are printed and written to bench/results/latest.md. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

from . import export_memory, goals, report, servers, stores, wrk
from .measure import Outcome, Plan, measure
from .scenarios import FLOOR, LARGE_STORE, SMALL_STORE, Scenario

RESULTS = Path(__file__).parent / "results" / "latest.md"
EXPORTS: list[export_memory.ExportRun] = []  # one per backend's large store, in run order
WRK_MISSING = "bench: wrk is not installed; install it with `apt-get install wrk` (Debian/Ubuntu) or `brew install wrk` (macOS)"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", choices=servers.SERVERS, default="granian")
    parser.add_argument(
        "--workers", type=int, default=2, help="server worker processes (both apps)"
    )
    parser.add_argument("--duration", type=float, default=10, help="measured seconds per scenario")
    parser.add_argument("--warmup", type=float, default=2, help="unmeasured seconds before each")
    parser.add_argument("--products", type=int, default=1000, help="catalogue size to seed")
    parser.add_argument(
        "--large-products",
        type=int,
        default=100_000,
        help="size of the large catalogue (cache miss, admin scenarios); 0 skips it",
    )
    return parser.parse_args()


def say(text: str) -> None:
    print(text, flush=True)


def show(outcome: Outcome) -> None:
    load = outcome.load
    if load is None:
        say(f"  {outcome.scenario.name}: {outcome.note}")
        return
    if not load.requests:
        say(f"  {outcome.scenario.name}: no request completed during the run")
        return
    errors = f", {load.errors} errors ({load.error_detail()})" if load.errors else ""
    say(
        f"  {outcome.scenario.name}: {load.rps:,.0f} req/s, p99 {load.latency_ms['p99']:.1f} ms{errors}"
    )


def run_floor(args: argparse.Namespace, scratch: Path, plan: Plan) -> Outcome:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BENCH_")}
    with servers.serve(args.server, "bare", args.workers, env, scratch / "bare.log") as running:
        outcome = measure(running, FLOOR, plan)
    show(outcome)
    return outcome


def seed(env: dict[str, str], products: int, out: Path, large: bool = False) -> dict[str, str]:
    """Migrate, seed and bootstrap the scratch store; the placeholders the scripts need."""
    command = [sys.executable, "-m", "bench.seed", "--products", str(products)]
    command += ["--large"] if large else ["--out", str(out)]
    done = subprocess.run(
        command,
        cwd=servers.REPO,
        env={**env, "PYTHONPATH": str(servers.REPO)},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"seeding failed:\n{(done.stderr or done.stdout)[-2000:]}")
    say(f"  seeded: {done.stdout.strip().splitlines()[-1]}")
    if large:
        return {}
    ids = out / "ids.txt"
    first = ids.read_text().split("\n", 1)[0]
    return {"ids": str(ids), "order_lines": str(out / "order_lines.jsonl"), "first_id": first}


def admin_headers(base_url: str, wanted: list[Scenario]) -> dict[str, str]:
    """A bearer token of the bench admin, when some admin scenario is on the list."""
    if not wanted:
        return {}
    body = json.dumps({"username": stores.ADMIN_USERNAME, "password": stores.ADMIN_PASSWORD})
    request = urllib.request.Request(
        f"{base_url}/api/admin/login", body.encode(), {"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            token = json.load(response)["access_token"]
    except (OSError, urllib.error.URLError, KeyError, ValueError):
        return {}
    return {"Authorization": f"Bearer {token}"}


def run_ours(
    args: argparse.Namespace, backend: str, database_url: str, plan: Plan
) -> list[Outcome]:
    say(f"\n== Beautique on {backend} ({args.server}, {args.workers} workers)")
    outcomes = run_store(args, database_url, plan, args.products, SMALL_STORE)
    if args.large_products > 0:
        say(f"  -- the large store: {args.large_products:,} products")
        outcomes += run_store(args, database_url, plan, args.large_products, LARGE_STORE)
    return outcomes


def run_store(
    args: argparse.Namespace, database_url: str, plan: Plan, products: int, wanted: list[Scenario]
) -> list[Outcome]:
    """One scratch store of `products` products, its own server, the `wanted` scenarios."""
    large = wanted is LARGE_STORE
    with tempfile.TemporaryDirectory(prefix="beautique-bench-") as tmp, ExitStack() as stack:
        scratch = Path(tmp)
        if database_url:
            database_url = stack.enter_context(stores.scratch_postgres(database_url))
        env = stores.server_env(scratch / "data", database_url)
        files = seed(env, products, scratch / "wrk", large)
        log = scratch / "server.log"  # INFO, one line per request, as in production
        with servers.serve(args.server, "ours", args.workers, env, log) as running:
            token = admin_headers(running.base_url, [s for s in wanted if s.admin])
            ours = Plan(plan.seconds, plan.warmup_seconds, files, token, bool(database_url))
            outcomes = []
            for scenario in wanted:
                outcome = measure(running, scenario, ours)
                show(outcome)
                outcomes.append(outcome)
            if large and token:
                EXPORTS.append(export_memory.measure_export(running, token))
                say("  " + " ".join(export_memory.report(EXPORTS[-1])[1:]).strip())
    return outcomes


def main() -> int:
    args = parse_args()
    if not wrk.installed():
        say(WRK_MISSING)
        return 1
    try:
        lines = bench(args)
    except RuntimeError as exc:  # a server that never got ready, a seeding that failed
        say(f"bench: {exc}")
        return 1
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines))
    say("\n" + "\n".join(lines))
    say(f"written to {RESULTS}")
    return 0


def bench(args: argparse.Namespace) -> list[str]:
    backends = [("SQLite", "")]
    extra = []
    if pg := os.environ.get("BENCH_DATABASE_URL", "").strip():
        backends.append(("PostgreSQL", pg))
        extra.append(stores.postgres_version(pg))
    plan = Plan(args.duration, args.warmup)
    started, load_before = datetime.now(UTC), report.load_average()
    say(f"== bare Litestar app ({args.server}, {args.workers} workers)")
    with tempfile.TemporaryDirectory(prefix="beautique-bench-") as tmp:
        # The floor runs before and after each store, so each ratio compares runs close in time.
        floors = [run_floor(args, Path(tmp), plan)]
        results = []
        for backend, url in backends:
            results.append((backend, run_ours(args, backend, url, plan)))
            say("\n== bare Litestar app again (has the machine's load moved?)")
            floors.append(run_floor(args, Path(tmp), plan))
    server = servers.server_version(args.server)
    lines = [
        f"# Beautique load benchmark — {started:%Y-%m-%d %H:%M} UTC",
        "",
        f"`make bench` (bench/run.py): wrk -t{wrk.THREADS} -c<connections> -d{args.duration:g}s "
        f"after a {args.warmup:g} s warm-up per scenario, {args.products:,} products seeded "
        f"(the large store: {args.large_products:,}), "
        "rate limits off, INFO logging to a file. Server and load generator share this "
        f"machine's {os.cpu_count()} cores. Load average before: {load_before}, "
        f"after: {report.load_average()}.",
        "",
        *report.machine(server, args.workers, wrk.version(), extra),
        "",
        *report.LEGEND,
        "",
        *report.table("Framework floor (bare Litestar app), in run order", floors, report.Floor()),
    ]
    for index, (backend, outcomes) in enumerate(results):
        floor = report.floor_of(floors[index : index + 2])
        lines += report.table(f"Beautique on {backend}", outcomes, floor)
        verdicts = goals.judge(backend, outcomes, floor.rps, args.products, args.large_products)
        export = EXPORTS[index] if index < len(EXPORTS) else None
        verdicts += export_memory.report(export, "the large store was not measured")
        lines += [floor.note, "", "Goals:", "", *verdicts, ""]
    return lines


if __name__ == "__main__":
    sys.exit(main())
