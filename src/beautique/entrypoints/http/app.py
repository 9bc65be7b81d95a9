"""create_app: the Litestar application, wired from one container."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from litestar import Litestar
from litestar.config.cors import CORSConfig
from litestar.datastructures import State

from beautique.container import Container
from beautique.settings import load_settings_from_env

from ..logging_setup import configure_logging, flush_logs
from .admin_auth import AdminAuthController
from .admin_guard import AdminGuard
from .admin_orders import AdminOrderController
from .admin_products import AdminProductController, product_images_router
from .allow import TrueAllow
from .catalog import CatalogController
from .codec import MoneyJSONResponse, TrimmingRequest
from .docs import docs_assets_router, openapi_config
from .edge import EdgeMiddleware
from .errors import exception_handlers
from .forwarded import TrustedProxies
from .head import MethodShims
from .health import HealthController
from .limits import JSON_BODY_LIMIT, RefuseRepeatedQueryParameters
from .media import MediaController
from .openapi_schema import schema_plugins
from .orders import OrderController


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
    return [
        HealthController,
        docs_assets_router(),
        CatalogController,
        OrderController,
        AdminAuthController,
        AdminProductController,
        MediaController,
        AdminOrderController,
    ]


def settle_heap() -> None:
    """Moves every object alive now (modules, classes, routes, the container: most of a
    worker's ~100,000) out of the garbage collector's reach for good.

    A full collection walks every tracked object. Without this, each one took 40-90 ms while
    requests piled up behind it, which was most of a cache miss's p99 (docs/performance.md,
    fourth round). What is frozen lives as long as the worker anyway."""
    gc.collect()  # garbage from start-up is freed, not kept forever
    gc.freeze()


def create_app(container: Container | None = None) -> Litestar:
    serving = container is None  # the server's factory path: each worker builds its own
    if container is None:
        settings = load_settings_from_env()
        configure_logging(settings.log_level, settings.log_format)
        container = Container(settings=settings)

    @asynccontextmanager
    async def lifespan(_: Litestar) -> AsyncIterator[None]:
        storage = container.storage()
        await storage.open()
        if serving:  # not for apps that tests build and drop by the hundred
            settle_heap()
        try:
            yield
        finally:
            await container.rate_limiter().aclose()
            await storage.close()
            flush_logs()

    # The upload route's body limit follows IMAGE_MAX_BYTES, so it is built per app.
    uploads = product_images_router(container.settings().image_max_bytes)
    app = Litestar(
        route_handlers=[*_route_handlers(), uploads],
        state=State({"container": container}),
        lifespan=[lifespan],
        cors_config=_cors(container),
        exception_handlers=exception_handlers(),
        response_class=MoneyJSONResponse,
        request_class=TrimmingRequest,
        # Every /api/admin/ route needs a token unless it opts out; then the query string's shape.
        middleware=[AdminGuard, RefuseRepeatedQueryParameters],
        request_max_body_size=JSON_BODY_LIMIT,
        openapi_config=openapi_config(),
        plugins=schema_plugins(),  # what the Structs really accept and return, in /docs
        debug=False,
        logging_config=None,  # ours (logging_setup.py) stays in charge of the format
    )
    # CORS wraps the exception handler, so error responses carry its headers too. The edge goes
    # outside both (404s for unknown paths and crashes get an id too) and sends only requests
    # with an Origin through CORS: for the others it would only look for the header again. HEAD
    # runs as GET on either path, and OPTIONS gets a true Allow.
    settings = container.settings()
    with_cors = app.asgi_handler  # Litestar's CORS middleware around its exception handler
    allow = TrueAllow()
    app.asgi_handler = EdgeMiddleware(
        MethodShims(getattr(with_cors, "app", with_cors), allow),
        cors=MethodShims(with_cors, allow),
        proxies=TrustedProxies(settings.forwarded_allow_ips),
        body_timeout=settings.body_timeout,
    )
    return app
