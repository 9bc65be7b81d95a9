"""The one bridge from the container to Litestar's `Provide` (no @inject on handlers).

The app keeps its container in `app.state.container`. A controller lists the use cases its
handlers take as `use_cases("show_order", ...)`: a handler's parameter is named for the container
provider that makes it, and each request gets what that provider gives on the app's container, so a
test that overrides a provider on that container changes what handlers get. Anything else is
`provide(lambda c: ...)`.
Guards and middleware, which Litestar does not inject, use `container_of(connection.app.state)`.

The one exception: the storefront's hottest handlers (the catalogue reads, checkout and
`/health`) take their use cases with `hot_use_cases(request)`, skipping Litestar's dependency
resolution, which costs about a tenth of serving a cached page (it resolves, then opens an exit
stack to clean up; two dependencies add an anyio task group). The use case still comes from the
app's container on every request, so overrides work the same.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import methodcaller
from typing import Any

from litestar import Request
from litestar.datastructures import State
from litestar.di import Provide
from litestar.types import Scope

from beautique.container import Container


def container_of(state: State) -> Container:
    container: Container = state["container"]
    return container


def hot_use_cases(request: Request[Any, Any, Any]) -> Container:
    """The app's container, for a hot handler to call its use case's provider itself."""
    return container_of(request.app.state)


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


def use_cases(*names: str) -> dict[str, Provide]:
    """Controller dependencies: each name is a handler parameter and the container provider that
    makes it (`use_cases("show_order")` gives `show_order` a `container.show_order()`)."""
    unknown = [name for name in names if not hasattr(Container, name)]
    if unknown:
        raise LookupError(f"The container provides no {', '.join(unknown)}")
    return {name: provide(methodcaller(name)) for name in names}
