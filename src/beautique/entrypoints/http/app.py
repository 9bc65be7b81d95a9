"""create_app: the Litestar application, wired from one container."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from litestar import Litestar
from litestar.config.cors import CORSConfig
from litestar.datastructures import State

from beautique.container import Container
from beautique.settings import load_settings_from_env

from ..logging_setup import configure_logging
from .admin_guard import require_admin
from .codec import MoneyJSONResponse, TrimmingRequest
from .docs import docs_assets_router, openapi_config
from .errors import exception_handlers
from .health import HealthController
from .request_id import RequestIdMiddleware

StartupHook = Callable[[Container], Awaitable[None]]


def _cors(container: Container) -> CORSConfig:
    return CORSConfig(
        allow_origins=list(container.settings().cors_origins),
        allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
        allow_headers=["Content-Type", "Authorization", "Idempotency-Key", "X-Request-ID"],
        # Location and Idempotent-Replayed too: the storefront reads them after a checkout.
        expose_headers=[
            "Content-Disposition",
            "X-Request-ID",
            "Retry-After",
            "Location",
            "Idempotent-Replayed",
        ],
        allow_credentials=False,
    )


def _route_handlers() -> list[Any]:
    handlers: list[Any] = [HealthController, docs_assets_router()]
    # --- catalogue (issue 2) -------------------------------------------------------------
    from .catalog import CatalogController  # here, not at the top: section self-contained

    handlers.append(CatalogController)
    # --- orders (issue 3) ----------------------------------------------------------------
    from .orders import OrderController  # here, not at the top: keeps this section self-contained

    handlers.append(OrderController)
    # --- admin (issue 4) -----------------------------------------------------------------
    # Imported here, not at the top: keeps this section self-contained.
    from .admin_auth import AdminAuthController

    handlers.append(AdminAuthController)
    return handlers


def _startup_hooks() -> list[StartupHook]:
    """Work done once the storage is open (e.g. bootstrap of the first admin)."""
    hooks: list[StartupHook] = []
    return hooks


def create_app(container: Container | None = None) -> Litestar:
    if container is None:  # the server's factory path: uvicorn workers build their own
        settings = load_settings_from_env()
        configure_logging(settings.log_level, settings.log_format)
        container = Container(settings=settings)

    @asynccontextmanager
    async def lifespan(_: Litestar) -> AsyncIterator[None]:
        storage = container.storage()
        await storage.open()
        try:
            for hook in _startup_hooks():
                await hook(container)
            yield
        finally:
            await container.rate_limiter().aclose()
            await storage.close()

    app = Litestar(
        route_handlers=_route_handlers(),
        state=State({"container": container}),
        lifespan=[lifespan],
        cors_config=_cors(container),
        exception_handlers=exception_handlers(),
        response_class=MoneyJSONResponse,
        request_class=TrimmingRequest,
        guards=[require_admin],  # every /api/admin/ route needs a token unless it opts out
        openapi_config=openapi_config(),
        debug=False,
        logging_config=None,  # ours (logging_setup.py) stays in charge of the format
    )
    # Outside CORS and the exception handler, so 404s for unknown paths and crashes get it too.
    app.asgi_handler = RequestIdMiddleware(app.asgi_handler)
    return app
