"""What the benchmark runs: one declarative entry per scenario, so a new one is one line.

A scenario names the app it loads ("bare" or "ours"), the path wrk is pointed at, the wrk Lua
script under bench/lua/ (`get.lua` repeats the URL as is) with its arguments, and the goal
group that bench/goals.py judges it by. In script arguments these placeholders are filled in:
`{ids}` (file of active product ids), `{order_lines}` (file of valid order lines, both written
by bench/seed.py) and `{offset}` (0 for the warm-up, 50000 for the measured run, so a script
that must never repeat a query does not repeat the warm-up's).

Each store is measured twice: the small one (1,000 products, `PUBLIC`) and the large one
(100,000 products, `LARGE` and `ADMIN`), each with its own server.

Before a scenario runs, a GET of its `probe` path (default: `path`) that answers 404 marks it
*not available* (the route does not exist on this branch) instead of failing the run.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scenario:
    name: str
    path: str
    group: str  # goal group: floor, health, cached, miss, checkout, admin
    script: str = "get.lua"
    args: tuple[str, ...] = ()
    app: str = "ours"
    connections: int = 100
    probe: str | None = None
    admin: bool = False  # sent with `Authorization: Bearer <token of the bench admin>`
    large: bool = False  # measured on the large store (bench/run.py --large-products)

    @property
    def probe_path(self) -> str:
        return self.probe or self.path


FLOOR = Scenario("bare Litestar GET / (floor)", "/", "floor", app="bare")

# The catalogue cache is an LRU of 512 entries per worker: the detail scenario cycles over the
# 200 first active products (a hot set that fits), the cache-miss one never repeats a query.
PUBLIC: list[Scenario] = [
    Scenario("GET /health", "/health", "health"),
    Scenario("GET /api/products?limit=20 (cached list)", "/api/products?limit=20", "cached"),
    Scenario(
        "GET /api/products/{id} (cached detail, 200 ids)",
        "/api/products",
        "cached",
        "cycle_ids.lua",
        ("{ids}", "200"),
        probe="/api/products/{first_id}",
    ),
    Scenario("GET /api/categories", "/api/categories", "cached"),
    Scenario("GET /api/products/bestsellers", "/api/products/bestsellers", "cached"),
    Scenario(
        "GET /api/products?min_price=<n> (cache miss)",
        "/api/products",
        "miss",
        "cache_miss.lua",
        ("{offset}",),
    ),
    Scenario(
        "POST /api/orders (checkout)",
        "/api/orders",
        "checkout",
        "checkout.lua",
        ("{order_lines}",),
        probe="/api/orders",  # the route exists when a GET answers 405, not 404
    ),
]

LARGE: list[Scenario] = [
    Scenario(
        "GET /api/products?min_price=<n> (cache miss, large catalogue)",
        "/api/products",
        "miss-large",
        "cache_miss.lua",
        ("{offset}",),
        large=True,
    ),
]

ADMIN: list[Scenario] = []
"""Admin scenarios: the admin order list, the CSV export and the dashboard at 100,000 orders.

Add them here as `Scenario(..., group="admin", admin=True, large=True,
probe="/api/admin/orders")`: they run against the large store, and every request carries the
bearer token of the admin the harness creates (ADMIN_USERNAME / ADMIN_PASSWORD of the scratch
store, logged in once through `POST /api/admin/login`). While `GET /api/admin/orders` answers
404 on this branch they are reported as *not available*. They need orders in the large store:
fill them in bench/seed.py (`seed_large_store`), before the server starts; give them their
goals in bench/goals.py.
"""

SMALL_STORE: list[Scenario] = PUBLIC
LARGE_STORE: list[Scenario] = [*LARGE, *ADMIN]
