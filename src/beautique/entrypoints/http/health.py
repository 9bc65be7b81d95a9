"""GET /health (the process runs) and GET /health/ready (the database answers)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

import msgspec
from litestar import Controller, get
from litestar.di import NamedDependency

from beautique import __version__
from beautique.application.ports import Clock, HealthProbe

from .codec import MoneyJSONResponse
from .dependencies import provide
from .docs import success


class Health(msgspec.Struct):
    status: str
    timestamp: datetime
    version: str


class Readiness(msgspec.Struct, omit_defaults=True):
    status: Literal["ready", "unavailable"]
    detail: str | None = None


class HealthController(Controller):
    path = "/health"
    tags = ["operations"]
    dependencies = {
        "clock": provide(lambda c: c.clock()),
        "probe": provide(lambda c: c.storage()),
    }

    @get("/", summary="Liveness")
    async def health(self, clock: NamedDependency[Clock]) -> Health:
        return Health(status="healthy", timestamp=clock.now(), version=__version__)

    @get(
        "/ready",
        summary="Readiness: the database answers",
        responses={
            200: success(Readiness, "Ready"),
            503: success(Readiness, "The database does not answer"),
        },
    )
    async def ready(self, probe: NamedDependency[HealthProbe]) -> MoneyJSONResponse:
        if await probe.ping():
            return MoneyJSONResponse(Readiness(status="ready"))
        body: dict[str, Any] = {"status": "unavailable", "detail": "database unreachable"}
        return MoneyJSONResponse(body, status_code=503)
