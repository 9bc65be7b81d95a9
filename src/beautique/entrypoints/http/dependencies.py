"""Explicit bridges from the container to Litestar's `Provide` (no @inject on handlers).

The app keeps its container in `app.state.container`; every bridge reads it from there, so a
test that overrides a provider on that container changes what the handlers get.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar.datastructures import State
from litestar.di import Provide

from beautique.application.ports import Clock, HealthProbe
from beautique.container import Container


def bridge(provider: Callable[..., Any]) -> Provide:
    """A Litestar dependency from a bridge function (they only look things up: no thread needed)."""
    return Provide(provider, sync_to_thread=False)


def container_of(state: State) -> Container:
    container: Container = state["container"]
    return container


def provide_clock(state: State) -> Clock:
    return container_of(state).clock()


def provide_health_probe(state: State) -> HealthProbe:
    probe: HealthProbe = container_of(state).storage()
    return probe


def provide_settings(state: State) -> Any:
    return container_of(state).settings()
