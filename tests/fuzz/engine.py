"""Runs Schemathesis as `st run` would (every phase, every check) against the in-process app, and
gathers what the test needs: the failures, readable, and how each operation answered."""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from schemathesis.engine import events, from_schema

from . import guidance, lifecycle
from .rules import check_settings

# `FUZZ_EXAMPLES=1000 make test` (or pytest tests/fuzz) fuzzes deeper; CI keeps the default.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))
# A fixed seed makes a CI run reproducible; `FUZZ_SEED=random` explores new ground locally.
SEED = os.environ.get("FUZZ_SEED", "20260118")
STATEFUL_STEPS = int(os.environ.get("FUZZ_STATEFUL_STEPS", "12"))


def config(admin_token: str) -> schemathesis.Config:
    seed = None if SEED == "random" else int(SEED)
    return schemathesis.Config.from_dict(
        {
            **({"seed": seed} if seed is not None else {}),
            "generation": {
                "max-examples": EXAMPLES,
                "deterministic": seed is not None,
                "database": "none",  # no .hypothesis/ directory: every run starts the same
            },
            "checks": {"enabled": True},  # all of them
            "phases": {"stateful": {"max-steps": STATEFUL_STEPS}},
            "auth": {"openapi": {"BearerToken": {"bearer": admin_token}}},
            # One `include-name` ("METHOD /path") per operation: separate include-method and
            # include-path filters would each match on their own (they are OR-ed).
            "operations": [
                {"include-name": f"{method} {path}", "checks": checks}
                for (method, path), checks in check_settings().items()
            ],
        }
    )


@dataclass
class Report:
    failures: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    answers: Counter[tuple[str, str, int]] = field(default_factory=Counter)
    replays: int = 0  # answers with `Idempotent-Replayed: true`: the first answer, nothing new
    phases: dict[str, str] = field(default_factory=dict)

    @property
    def requests(self) -> int:
        return sum(self.answers.values())

    def summary(self) -> str:
        lines = [f"{self.requests} requests ({self.replays} replays); phases: {self.phases}"]
        lines += [f"  {n:5} {m} {p} -> {s}" for (m, p, s), n in sorted(self.answers.items())]
        return "\n".join(lines)


def run(app: Any, admin_token: str) -> Report:
    guidance.register()
    lifecycle.forget()
    schema = schemathesis.openapi.from_asgi("/docs/openapi.json", app, config=config(admin_token))
    report = Report()
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            _record(report, event)
        elif isinstance(event, events.NonFatalError):
            report.errors.append(f"{event.label}: {event.info.format()}")
        elif isinstance(event, events.FatalError):
            report.errors.append(f"fatal: {event.exception!r}")
        elif isinstance(event, events.PhaseFinished):
            report.phases[event.phase.name.value] = event.status.value
        elif isinstance(event, events.EngineFinished):
            report.failures += [str(failure) for failure in event.failures]
    return report


def _record(report: Report, event: events.ScenarioFinished) -> None:
    recorder = event.recorder
    for case_id, interaction in recorder.interactions.items():
        response = interaction.response
        if response is not None:
            case = recorder.cases[case_id].value
            report.answers[(case.method, case.operation.path, response.status_code)] += 1
            report.replays += "true" in response.headers.get("idempotent-replayed", [])
    for case_id, checks in recorder.checks.items():
        for check in checks:
            if check.failure_info is None:
                continue
            case = recorder.cases[case_id].value
            failure = check.failure_info.failure
            report.failures.append(
                f"[{event.phase.value}] {case.method} {case.operation.path}: {check.name}: "
                f"{failure.title}\n{failure.message}\n{check.failure_info.code_sample}"
            )
