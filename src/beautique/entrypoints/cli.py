"""The `beautique` command: serve, migrate, seed-demo, create-admin."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys
import time
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from typing import Any

from beautique.application.admin_auth import FirstAdminConfig
from beautique.application.errors import ApplicationError
from beautique.container import Container
from beautique.domain.errors import DomainError
from beautique.settings import Settings, SettingsError, load_settings_from_env

from .logging_setup import configure_logging
from .server import APP_FACTORY, DEFAULT_SERVER, SERVERS, serve

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


async def cmd_seed_demo(container: Container, args: argparse.Namespace) -> int:
    """Fill an empty catalogue with demo products (a catalogue with products is left alone);
    `--orders N` then adds N demo orders, every run (development and benchmarks only)."""
    if args.orders and container.settings().is_production:
        print("beautique: seed-demo: demo orders are never added in production", file=sys.stderr)
        return 2

    async def work() -> int:
        await container.storage().migrate()  # so it also works on a brand-new database
        added = await container.seed_demo_catalog()()
        print(f"seeded {added} demo product(s)" if added else "catalogue not empty: nothing seeded")
        return await _seed_demo_orders(container, args.orders) if args.orders else 0

    return await _with_storage(container, work)


async def _seed_demo_orders(container: Container, count: int) -> int:
    started = time.perf_counter()
    try:
        added = await container.seed_demo_orders()(count)
    except ApplicationError as exc:
        print(f"beautique: seed-demo: {exc.message}", file=sys.stderr)
        return 1
    print(f"added {added} demo order(s) in {time.perf_counter() - started:.1f} s")
    return 0


def _order_count(raw: str) -> int:
    count = int(raw)
    if not 0 <= count <= 1_000_000:
        raise argparse.ArgumentTypeError("must be 0..1000000")
    return count


async def seed_demo_in_development(container: Container) -> None:
    """A fresh development install starts with a shop to look at; production never gets demo data."""
    if container.settings().is_production:
        return
    if added := await container.seed_demo_catalog()():
        print(f"development: seeded {added} demo products into the empty catalogue")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:  # one line; only the line ending is removed (spaces may be part of it)
        return sys.stdin.readline().rstrip("\r\n")
    password = getpass.getpass("Password: ")
    if getpass.getpass("Repeat password: ") != password:
        raise ValueError("the passwords do not match")
    return password


async def cmd_create_admin(container: Container, args: argparse.Namespace) -> int:
    """Add an admin. The password never travels in argv, where `ps` and shell history see it."""
    try:
        password = _read_password(args.password_stdin)
    except (ValueError, EOFError) as exc:
        print(f"beautique: create-admin: {exc or 'no password given'}", file=sys.stderr)
        return 1

    async def work() -> int:
        await container.storage().migrate()  # so it also works on a brand-new database
        try:
            admin = await container.create_admin()(
                args.username.strip(), args.email.strip(), password
            )
        except (DomainError, ApplicationError) as exc:
            print(f"beautique: create-admin: {exc.message}", file=sys.stderr)
            return 1
        print(f"created admin {admin.username} ({admin.id})")
        return 0

    return await _with_storage(container, work)


async def ensure_first_admin(container: Container) -> None:
    """ADMIN_* create the first admin; a development install with none gets a generated one."""
    settings = container.settings()
    config = FirstAdminConfig(
        settings.admin_username, settings.admin_email, settings.admin_password
    )
    try:
        container.jwt_key()  # development: generate the signing key once, before workers start
        outcome = await container.bootstrap_admin()(config, generate=not settings.is_production)
    except (ValueError, RuntimeError, DomainError) as exc:
        print(f"beautique: first admin: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    if outcome and outcome.generated_password:
        # stdout, once, never the log: the log may be shipped somewhere the password must not go.
        print(
            f"development: created admin '{outcome.admin.username}' with password "
            f"{outcome.generated_password} (shown only now; add your own with create-admin)",
            flush=True,
        )
    elif outcome:
        print(f"created the first admin '{outcome.admin.username}' from ADMIN_USERNAME")


def serve_preparations() -> list[Callable[[Container], Awaitable[None]]]:
    """Done once by `serve` before the workers start (demo seed, first admin, ...)."""
    return [seed_demo_in_development, ensure_first_admin]


def own_base_url(host: str, port: int) -> str:
    """`http://{host}:{port}` of what `serve` listens on; a wildcard address is not a URL a
    browser can open, so it becomes 127.0.0.1 (set PUBLIC_BASE_URL for real deployments)."""
    if host in ("0.0.0.0", "::", ""):  # noqa: S104 - naming the wildcard, not binding to it
        host = "127.0.0.1"
    return f"http://{f'[{host}]' if ':' in host else host}:{port}"


def run_server(args: argparse.Namespace, settings: Settings) -> int:
    if settings.public_base_url is None:
        # The workers read their settings from the environment: hand them the URL they serve at.
        os.environ["PUBLIC_BASE_URL"] = own_base_url(args.host, args.port)
    serve(
        APP_FACTORY,
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        settings=settings,
        server=args.server,
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="beautique", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="migrate, bootstrap and serve the API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument(
        "--server",
        choices=sorted(SERVERS),
        default=DEFAULT_SERVER,
        help="the HTTP server (default granian; uvicorn bounds neither header size nor header "
        "read time, see docs/performance.md)",
    )
    sub.add_parser("migrate", help="apply pending migrations and exit")
    seed = sub.add_parser(
        "seed-demo", help="fill an empty catalogue with demo products (idempotent)"
    )
    seed.add_argument(
        "--orders",
        type=_order_count,
        default=0,
        metavar="N",
        help="also add N demo orders over the last 60 days (each run adds N more)",
    )
    admin = sub.add_parser("create-admin", help="add an admin (password from a hidden prompt)")
    admin.add_argument("--username", required=True, help="3-50 letters, digits, '.', '_', '-'")
    admin.add_argument("--email", required=True)
    admin.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    return parser


COMMANDS: dict[str, Command] = {
    "migrate": cmd_migrate,
    "serve": prepare_to_serve,
    "seed-demo": cmd_seed_demo,
    "create-admin": cmd_create_admin,
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
        return run_server(args, settings)
    return status


if __name__ == "__main__":
    sys.exit(main())
