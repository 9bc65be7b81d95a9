"""The one bridge from the container to Litestar's `Provide` (no @inject on handlers).

The app keeps its container in `app.state.container`. A controller names what each handler
needs as `provide(lambda c: c.some_use_case())`; the lambda runs per request against the app's
container, so a test that overrides a provider on that container changes what handlers get.
Guards and middleware, which Litestar does not inject, use `container_of(connection.app.state)`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar.datastructures import State
from litestar.di import Provide
from litestar.types import Scope

from beautique.container import Container


def container_of(state: State) -> Container:
    container: Container = state["container"]
    return container


def provide(pick: Callable[[Container], Any]) -> Provide:
    """A Litestar dependency: what `pick` takes from the app's container, for each request.

    Picking only looks things up (use cases are cheap factories), so it runs on the event loop.
    It reaches the app through the ASGI scope, which Litestar hands over as it is; asking for
    `state` instead would make it build and check a State object for every dependency of every
    request.
    """

    def from_container(scope: Scope) -> Any:
        return pick(container_of(scope["app"].state))

    return Provide(from_container, sync_to_thread=False)
