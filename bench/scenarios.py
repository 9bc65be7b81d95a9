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


def _cache_misses(label: str, group: str, *, large: bool = False) -> list[Scenario]:
    """A fresh query on every request, judged at 10 connections (fresh filter combinations are a
    small share of a storefront's requests: each is cached once asked) and measured, not judged,
    at 100 all missing at once (docs/performance.md). The two ask different queries."""
    name = f"GET /api/products?min_price=<n> ({label}, {{}} connections)"
    return [
        Scenario(name.format(10), "/api/products", group, "cache_miss.lua",
                 ("{offset}", "25000"), connections=10, large=large),
        Scenario(name.format(100), "/api/products", f"{group}-100", "cache_miss.lua",
                 ("{offset}",), large=large),
    ]  # fmt: skip


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
    *_cache_misses("cache miss", "miss"),
    Scenario(
        "POST /api/orders (checkout)",
        "/api/orders",
        "checkout",
        "checkout.lua",
        ("{order_lines}",),
        probe="/api/orders",  # the route exists when a GET answers 405, not 404
    ),
]

LARGE: list[Scenario] = _cache_misses("cache miss, large catalogue", "miss-large", large=True)

# The owner's screens at 100,000 orders. A handful of connections, as an admin panel has: the
# latency is then the server's time for one request, which the goals judge.
_ADMIN = {"admin": True, "large": True, "probe": "/api/admin/orders", "connections": 4}
ADMIN: list[Scenario] = [
    Scenario("GET /api/admin/orders?limit=20 (newest page)", "/api/admin/orders?limit=20",
             "admin-list", **_ADMIN),
    Scenario("GET /api/admin/orders?payment_status=Pending (filtered page)",
             "/api/admin/orders?payment_status=Pending&limit=20", "admin-list", **_ADMIN),
    Scenario("GET /api/admin/orders?order_status=Ready&start_date=… (status and dates)",
             "/api/admin/orders?order_status=Ready&start_date=2020-01-01&end_date=2099-12-31",
             "admin-list", **_ADMIN),
    Scenario("GET /api/admin/orders?search=0300 123 (phone search)",
             "/api/admin/orders?search=0300%20123", "admin-search", **_ADMIN),
    Scenario("GET /api/admin/orders?search=khan (name search)",
             "/api/admin/orders?search=khan", "admin-search", **_ADMIN),
    Scenario("GET /api/admin/analytics/dashboard", "/api/admin/analytics/dashboard",
             "dashboard", **_ADMIN),
]  # fmt: skip
"""The CSV export is not driven by wrk: bench/export_memory.py streams one whole export and
watches the workers' memory meanwhile."""

SMALL_STORE: list[Scenario] = PUBLIC
LARGE_STORE: list[Scenario] = [*LARGE, *ADMIN]
