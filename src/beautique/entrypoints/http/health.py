"""GET /health (the process runs) and GET /health/ready (the database answers)."""

from __future__ import annotations

import asyncio
from datetime import datetime
from http import HTTPStatus
from typing import Any, Literal

import msgspec
from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import SkipValidation

from beautique import __version__
from beautique.application.ports import HealthProbe

from .codec import EncodedJSON, MoneyJSONResponse, encode_json
from .dependencies import hot_use_cases, use_cases
from .docs import success

# Load balancers give up on a probe after a couple of seconds: answer before they do, whatever
# the database is doing (the storages' own probes are bounded too; this bounds them all).
READY_WITHIN_SECONDS = 1.5


async def answers_within(probe: HealthProbe, seconds: float) -> bool:
    """The probe's answer, or False once `seconds` have passed (without waiting for it to stop)."""
    attempt = asyncio.ensure_future(probe.ping())
    done, _ = await asyncio.wait({attempt}, timeout=seconds)
    if attempt in done:
        return attempt.result()
    attempt.add_done_callback(lambda task: task.cancelled() or task.exception())
    attempt.cancel()
    return False


class Health(msgspec.Struct):
    status: str
    timestamp: datetime
    version: str


class Readiness(msgspec.Struct, omit_defaults=True):
    status: Literal["ready", "unavailable"]
    detail: str | None = None


_LIVE = ResponseSpec(Health, generate_examples=False, description=HTTPStatus.OK.description)


# SkipValidation: Litestar checks an injected value with isinstance, which for a Protocol port
# walks its members on every request (a tenth of serving /health); the container made them.
class HealthController(Controller):
    path = "/health"
    tags = ["operations"]
    dependencies = use_cases("storage")

    @get("/", summary="Liveness", responses={200: _LIVE})
    async def health(self, request: Request[Any, Any, Any]) -> EncodedJSON:
        # hot_use_cases: Litestar's dependency machinery would be a tenth of answering /health.
        clock = hot_use_cases(request).clock()
        return EncodedJSON(encode_json(Health("healthy", clock.now(), __version__)))

    @get(
        "/ready",
        summary="Readiness: the database answers",
        responses={
            200: success(Readiness, "Ready"),
            503: success(Readiness, "The database does not answer"),
        },
    )
    async def ready(
        self, storage: NamedDependency[SkipValidation[HealthProbe]]
    ) -> MoneyJSONResponse:
        if await answers_within(storage, READY_WITHIN_SECONDS):
            return MoneyJSONResponse(Readiness(status="ready"))
        body: dict[str, Any] = {"status": "unavailable", "detail": "database unreachable"}
        return MoneyJSONResponse(body, status_code=503)
