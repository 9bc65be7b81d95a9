"""The framework floor: a bare Litestar app, one route, a small JSON body, no middleware.

Served by the same ASGI server, with the same flags and worker count, as Beautique in the same
run, so "ratio to bare" says how much of the framework's ceiling our own code keeps.
"""

from __future__ import annotations

from litestar import Litestar, get


@get("/")
async def hello() -> dict[str, str]:
    return {"status": "ok", "message": "hello"}


app = Litestar(route_handlers=[hello], debug=False, openapi_config=None, logging_config=None)
