"""The `beautique` command: serve, migrate, seed-demo, create-admin."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from typing import Any

from beautique.container import Container
from beautique.settings import SettingsError, load_settings_from_env

from .logging_setup import configure_logging

Command = Callable[[Container, argparse.Namespace], Coroutine[Any, Any, int]]


async def _with_storage(container: Container, work: Callable[[], Awaitable[int]]) -> int:
    storage = container.storage()
    await storage.open()
    try:
        return await work()
    finally:
        await storage.close()


async def cmd_migrate(container: Container, _: argparse.Namespace) -> int:
    async def work() -> int:
        applied = await container.storage().migrate()
        print(
            f"applied {len(applied)} migration(s)" + (f": {', '.join(applied)}" if applied else "")
        )
        return 0

    return await _with_storage(container, work)


async def prepare_to_serve(container: Container, _: argparse.Namespace) -> int:
    """Migrate, then run the start-up tasks that need no HTTP server."""

    async def work() -> int:
        await container.storage().migrate()
        for task in serve_preparations():
            await task(container)
        return 0

    return await _with_storage(container, work)


def serve_preparations() -> list[Callable[[Container], Awaitable[None]]]:
    """Done once by `serve` before the workers start (demo seed, first admin, ...)."""
    tasks: list[Callable[[Container], Awaitable[None]]] = []
    # --- catalogue (issue 2) -------------------------------------------------------------
    # --- admin (issue 4) -----------------------------------------------------------------
    return tasks


def run_server(args: argparse.Namespace) -> int:
    import uvicorn

    uvicorn.run(
        "beautique.entrypoints.http.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_config=None,
        proxy_headers=True,
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="beautique", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="migrate, bootstrap and serve the API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    sub.add_parser("migrate", help="apply pending migrations and exit")
    # --- catalogue (issue 2) -------------------------------------------------------------
    # --- admin (issue 4) -----------------------------------------------------------------
    return parser


COMMANDS: dict[str, Command] = {
    "migrate": cmd_migrate,
    "serve": prepare_to_serve,
    # --- catalogue (issue 2) -------------------------------------------------------------
    # --- admin (issue 4) -----------------------------------------------------------------
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings_from_env()
    except SettingsError as exc:
        print(f"beautique: configuration error: {exc}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level, settings.log_format)
    container = Container(settings=settings)
    status: int = asyncio.run(COMMANDS[args.command](container, args))
    if args.command == "serve" and status == 0:
        return run_server(args)
    return status


if __name__ == "__main__":
    sys.exit(main())
