"""Prepare a scratch store for the benchmark: migrate, seed a catalogue of N products, bootstrap.

Run by bench/run.py in the server's environment (`python -m bench.seed --products 1000 --out DIR`),
so it reads the same settings as the server. Products go straight through the storage adapter
(`storage.products.add`, many at once), never through HTTP: the demo catalogue first (the same
~40 products `beautique seed-demo` writes), then generated ones up to N. Then the same start-up
work `beautique serve` does before its workers start (first admin from ADMIN_*), so a server
started without `beautique serve` (uvicorn, when comparing servers) finds the same store.

With `--large`, no files: the large store (100,000 products) serves the cache-miss scenario on
a big catalogue, and the admin scenarios (`seed_large_store` is where their orders go).

Writes to DIR the files the wrk scripts read:
- `ids.txt`: ids of active products, one a line (product detail);
- `order_lines.jsonl`: one valid order line a line (checkout): product id, a size and colour it
  offers, quantity 1 and its current effective price.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID, uuid5

from beautique.application.queries import PageRequest, ProductQuery
from beautique.container import Container
from beautique.domain.catalog import Category, Size
from beautique.domain.product import ImageHostPolicy, Product, ProductDraft
from beautique.entrypoints.cli import prepare_to_serve
from beautique.settings import load_settings_from_env

BENCH_NAMESPACE = UUID("0b6f3c0e-5a38-4f0e-9d2b-7c1a4e9d8b21")
IMAGE_BASE = "https://res.cloudinary.com/demo/image/upload/c_fill,w_800,h_1000/beautique/bench"
POLICY = ImageHostPolicy(frozenset({"res.cloudinary.com"}))
COLOURS = ("Red", "Ivory", "Black", "Emerald", "Tea Pink", "Navy", "Mustard", "Lilac", "Rust")
FABRICS = ("Silk", "Chiffon", "Lawn", "Velvet", "Organza", "Khaddar", "Linen", "Jamawar")
PARALLEL_WRITES = 8  # in flight at once: enough to keep a pool busy, few enough for SQLite
BATCH = 5000


def generated_product(n: int, rng: random.Random, now: datetime) -> Product:
    """A plausible product: prices 1,500-150,000 PKR, a sale on one in four, 5% drafts."""
    category = list(Category)[n % len(Category)]
    fabric, colour = rng.choice(FABRICS), rng.choice(COLOURS)
    regular = Decimal(rng.randrange(15, 1500) * 100)
    sale = (regular * Decimal(rng.choice((70, 80, 85, 90))) / 100) if rng.random() < 0.25 else None
    sizes = list(Size)[rng.randrange(0, 2) : rng.randrange(3, 6)]
    colours = [colour, *rng.sample([c for c in COLOURS if c != colour], rng.randrange(0, 3))]
    draft = ProductDraft(
        name=f"{fabric} {category.value} No. {n:04d} - {colour}",
        category=category.value,
        description=f"Bench catalogue item {n}: {fabric.lower()} {category.value.lower()}, "
        "hand-finished, fully lined, with a matching dupatta.",
        regular_price=regular,
        sale_price=sale.quantize(Decimal("1")) if sale is not None else None,
        images=[f"{IMAGE_BASE}/{n:04d}-{i}.jpg" for i in (1, 2)],
        sizes=[s.value for s in sizes],
        colors=colours,
        is_bestseller=rng.random() < 0.05,
        is_active=rng.random() >= 0.05,
    )
    product_id = uuid5(BENCH_NAMESPACE, f"product-{n}")
    return Product.create(draft, policy=POLICY, product_id=product_id, now=now - timedelta(hours=n))


async def add_all(container: Container, products: list[Product]) -> None:
    repository = container.storage().products
    gate = asyncio.Semaphore(PARALLEL_WRITES)

    async def add(product: Product) -> None:
        async with gate:
            await repository.add(product)

    await asyncio.gather(*(add(p) for p in products))


async def active_products(container: Container) -> list[Product]:
    """Every active product, read back through the adapter (demo and generated alike)."""
    repository = container.storage().products
    found: list[Product] = []
    page = 1
    while True:
        query = ProductQuery(is_active=True, paging=PageRequest(page=page, limit=50))
        result = await repository.search(query)
        found.extend(result.items)
        if len(result.items) < 50:
            return found
        page += 1


def order_line(product: Product) -> dict[str, Any]:
    return {
        "product_id": str(product.id),
        "size": product.sizes[0].value,
        "color": product.colors[0],
        "quantity": 1,
        "price": float(product.effective_price),
    }


LARGE_STORE_ORDERS = 100_000


async def seed_large_store(container: Container) -> None:
    """The admin scenarios' orders: 100,000 demo orders over the last 60 days, in bulk, through
    the same use case as `beautique seed-demo --orders` (same seed: the same shop every run)."""
    await container.seed_demo_orders()(LARGE_STORE_ORDERS, seed=1000)


async def prepare(total: int, large: bool) -> tuple[str, list[Product]]:
    settings = load_settings_from_env()
    container = Container(settings=settings)
    storage = container.storage()
    await storage.open()
    try:
        await storage.migrate()
        demo = await container.seed_demo_catalog()()
        missing = max(0, total - await storage.products.count_all())
        rng, now = random.Random(1000), datetime.now(UTC)  # same catalogue on every run
        for start in range(0, missing, BATCH):  # in batches: 100,000 products at once is a lot
            batch = range(start, min(start + BATCH, missing))
            await add_all(container, [generated_product(n, rng, now) for n in batch])
        if large:
            await seed_large_store(container)
        active = [] if large else await active_products(container)
    finally:
        await storage.close()
    # What `beautique serve` does before its workers start; it opens and closes its own storage.
    await prepare_to_serve(Container(settings=settings), argparse.Namespace())
    if settings.uses_postgres:
        settle_postgres(settings.database_url)
    shown = "the large store" if large else f"{len(active)} active"
    return f"{demo} demo + {missing} generated products, {shown}", active


def settle_postgres(url: str) -> None:
    """What autovacuum does to a live catalogue soon after a bulk load, done now: the products'
    statistics (the planner's choice of a page's plan) and visibility map (an index-only count
    reads no rows). The bench's PostgreSQL may run with autovacuum off; a shop's runs with it on.
    SQLite's plans do not depend on statistics (docs/storage.md), so it gets nothing."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE) products")


def write_files(active: list[Product], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "ids.txt").write_text("".join(f"{p.id}\n" for p in active))
    lines = "".join(json.dumps(order_line(p)) + "\n" for p in active)
    (out / "order_lines.jsonl").write_text(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=1000)
    parser.add_argument("--out", type=Path, help="where to write the wrk scripts' files")
    parser.add_argument("--large", action="store_true", help="the large store: no files")
    args = parser.parse_args()
    summary, active = asyncio.run(prepare(args.products, args.large))
    if args.out is not None:
        write_files(active, args.out)
    print(summary)


if __name__ == "__main__":
    main()
