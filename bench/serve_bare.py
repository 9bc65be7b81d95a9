"""Serve the bare app (bench/hello.py) the way `beautique serve` serves ours: the same function
(entrypoints/server.py), so the same granian settings, limits and worker model.

    python -m bench.serve_bare --port 8000 --workers 2
"""

from __future__ import annotations

import argparse

from beautique.entrypoints.server import serve
from beautique.settings import load_settings_from_env

from .servers import BARE_APP


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    serve(
        BARE_APP,
        factory=False,
        host=args.host,
        port=args.port,
        workers=args.workers,
        settings=load_settings_from_env(),
    )


if __name__ == "__main__":
    main()
