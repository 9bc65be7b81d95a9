"""The performance goals of the benchmark issue, judged from the measured numbers.

Each goal names a scenario group (bench/scenarios.py) and the checks every scenario of that
group must pass. A goal with no measured scenario is "NO DATA", never MET.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass

from .measure import Outcome

Metric = Callable[[Outcome, float], float | None]  # (outcome, bare req/s) -> value


def _ratio(o: Outcome, bare: float) -> float | None:
    return o.ratio_to(bare)


def _p99(o: Outcome, _: float) -> float | None:
    return o.load.latency_ms["p99"] if o.load else None


def _cost(o: Outcome, _: float) -> float | None:
    """CPU per request of the server and of PostgreSQL together: what one request costs."""
    if o.cpu_ms_per_request is None or o.load is None:
        return None
    return o.cpu_ms_per_request + o.db_cpu * 1000 / o.load.requests


def _errors(o: Outcome, _: float) -> float | None:
    return float(o.load.errors) if o.load else None


def _cpu(o: Outcome, _: float) -> float | None:
    return o.cpu_ms_per_request


def _rss(o: Outcome, _: float) -> float | None:
    return max(o.rss_mb) if o.rss_mb else None


@dataclass(frozen=True)
class Check:
    label: str  # "p99", "x bare", ...
    metric: Metric
    op: Callable[[float, float], bool]
    limit: float
    unit: str = ""

    def judge(self, outcome: Outcome, bare: float) -> tuple[bool | None, str]:
        value = self.metric(outcome, bare)
        if value is None:
            return None, f"{self.label} n/a"
        symbol = {operator.le: "≤", operator.ge: "≥", operator.lt: "<", operator.eq: "="}
        ok = self.op(value, self.limit)
        shown = f"{value:.0%}" if self.unit == "%" else f"{value:,.2f}".rstrip("0").rstrip(".")
        limit = f"{self.limit:.0%}" if self.unit == "%" else f"{self.limit:g}"
        unit = "" if self.unit == "%" else self.unit
        return (
            ok,
            f"{self.label} {shown}{unit} {'✓' if ok else '✗'} ({symbol[self.op]} {limit}{unit})",
        )


@dataclass(frozen=True)
class Goal:
    text: str
    groups: tuple[str, ...]
    checks: tuple[Check, ...]
    worst_only: bool = False  # one detail line: the scenario with the highest value


def goals(
    backend: str, products: int = 1000, large_products: int = 100_000, large_orders: int = 100_000
) -> list[Goal]:
    cpu_limit = 1.5 if backend == "PostgreSQL" else 1.0
    zero_errors = Check("errors", _errors, operator.eq, 0)
    p99_50 = Check("p99", _p99, operator.le, 50, " ms")
    return [
        Goal(
            "cached reads ≥ 50% of bare req/s, p99 ≤ 50 ms, 0 errors",
            ("cached",),
            (Check("req/s", _ratio, operator.ge, 0.5, "%"), p99_50, zero_errors),
        ),
        Goal(
            "/health ≥ 70% of bare req/s",
            ("health",),
            (Check("req/s", _ratio, operator.ge, 0.7, "%"),),
        ),
        Goal(
            f"cache miss p99 ≤ 50 ms at {products:,} products (10 connections)",
            ("miss",),
            (p99_50, zero_errors),
        ),
        Goal(
            f"cache miss p99 ≤ 100 ms at {large_products:,} products (10 connections)",
            ("miss-large",),
            (Check("p99", _p99, operator.le, 100, " ms"), zero_errors),
        ),
        Goal(
            f"checkout 0 errors, p99 ≤ 250 ms, server CPU/order ≤ {cpu_limit:g} ms ({backend})",
            ("checkout",),
            (
                zero_errors,
                Check("p99", _p99, operator.le, 250, " ms"),
                Check("CPU/order", _cpu, operator.le, cpu_limit, " ms"),
            ),
        ),
        Goal(
            f"a filtered admin order page at {large_orders:,} orders costs ≤ 10 ms of server time "
            "(CPU of the server and PostgreSQL per request), 0 errors",
            ("admin-list",),
            (Check("server time", _cost, operator.le, 10, " ms"), zero_errors),
        ),
        Goal(
            f"dashboard at {large_orders:,} orders: p99 ≤ 50 ms at 4 connections, 0 errors",
            ("dashboard",),
            (p99_50, zero_errors),
        ),
        Goal(
            "each worker RSS < 100 MB (after every scenario)",
            (
                "health",
                "cached",
                "miss",
                "miss-100",
                "checkout",
                "miss-large",
                "miss-large-100",
                "admin-list",
                "dashboard",
            ),
            (Check("max worker RSS", _rss, operator.lt, 100, " MB"),),
            worst_only=True,
        ),
    ]


def judge(
    backend: str,
    outcomes: list[Outcome],
    bare_rps: float,
    products: int = 1000,
    large_products: int = 100_000,
) -> list[str]:
    """One line per goal: MET / NOT MET / NO DATA, then the numbers that decided it."""
    lines = []
    for goal in goals(backend, products, large_products):
        verdicts: list[bool | None] = []
        details = []
        chosen = [o for o in outcomes if o.scenario.group in goal.groups]
        if goal.worst_only:
            chosen = _worst(chosen, goal.checks[0], bare_rps)
        for outcome in chosen:
            if outcome.load is None:
                if outcome.note.startswith("failed"):  # ran and broke: that is a miss
                    verdicts.append(False)
                    details.append(f"{outcome.scenario.name}: {outcome.note[:120]}")
                continue
            if not outcome.load.requests:  # nothing answered in time: no percentile means "fast"
                verdicts.append(False)
                details.append(f"{outcome.scenario.name}: no request completed during the run")
                continue
            results = [check.judge(outcome, bare_rps) for check in goal.checks]
            verdicts += [ok for ok, _ in results]
            details.append(f"{outcome.scenario.name}: " + ", ".join(text for _, text in results))
        if not verdicts or None in verdicts:
            verdict = "NO DATA"
        else:
            verdict = "MET" if all(verdicts) else "NOT MET"
        lines.append(f"- **{verdict}** — {goal.text}")
        lines += [f"  - {detail}" for detail in details]
    return lines


def _worst(outcomes: list[Outcome], check: Check, bare_rps: float) -> list[Outcome]:
    measured = [o for o in outcomes if check.metric(o, bare_rps) is not None]
    failed = [o for o in outcomes if o.load is None and o.note.startswith("failed")]
    if not measured:
        return failed
    return [*failed, max(measured, key=lambda o: check.metric(o, bare_rps) or 0.0)]
