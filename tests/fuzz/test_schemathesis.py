"""Schemathesis against the whole API, as an outsider would attack it: every phase (examples,
coverage, fuzzing, stateful sequences), every check, with an admin token. Zero failures, and the
generated traffic must reach real checkouts (or the POST /api/orders fuzzing proves little)."""

from __future__ import annotations

from pathlib import Path

from .engine import run
from .shop import open_shop


def test_schemathesis_finds_nothing_and_reaches_checkouts(tmp_path: Path) -> None:
    shop = open_shop(tmp_path)
    report = run(shop.app, shop.admin_token)
    print(report.summary())
    assert not report.errors, "\n\n".join(report.errors)
    assert not report.failures, "\n\n".join(report.failures)
    assert set(report.phases.values()) <= {"success", "skip"}, report.phases
    placed = report.answers[("POST", "/api/orders", 201)] - report.replays
    assert placed > 0, report.summary()
    assert shop.count("orders") == placed  # every 201 that was not a replay is a stored order
