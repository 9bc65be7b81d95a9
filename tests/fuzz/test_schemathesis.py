"""Schemathesis against the whole API, as an outsider would attack it: every phase (examples,
coverage, fuzzing, stateful sequences), every check, with an admin token. Zero failures, and the
generated traffic must reach real checkouts (or the POST /api/orders fuzzing proves little)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .engine import run
from .shop import BACKEND, DEMO_ORDERS, open_shop


def test_schemathesis_finds_nothing_and_reaches_checkouts(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    database_url = request.getfixturevalue("pg_url") if BACKEND == "postgres" else None
    shop = open_shop(tmp_path, database_url)
    report = run(shop.app, shop.admin_token)
    print(report.summary())
    assert not report.errors, "\n\n".join(report.errors)
    assert not report.failures, "\n\n".join(report.failures)
    assert set(report.phases.values()) <= {"success", "skip"}, report.phases
    placed = report.answers[("POST", "/api/orders", 201)] - report.replays
    assert placed > 0, report.summary()
    # Every 201 that was not a replay is a stored order, besides the demo orders.
    assert shop.count("orders") == DEMO_ORDERS + placed
