"""THE composition root: the only module that imports adapters.

Storage is chosen from settings (SQLite by default, Postgres for a postgresql:// URL) and
created *closed*: nothing connects until the app lifespan (or the CLI) opens it; docs/design.md
says why it is a Singleton with async open/close and not an async `providers.Resource`.

Adapters a deployment may not use (PostgreSQL, Redis, Cloudinary, Pillow) are imported by the
function that builds them, so a worker loads only what its settings choose (about 20 MB less;
docs/performance.md, fourth round).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol
from zoneinfo import ZoneInfo

from dependency_injector import containers, providers

from beautique.adapters.clock import SystemClock
from beautique.adapters.images.local import LocalDiskImageStore
from beautique.adapters.memory.storage import InMemoryStorage
from beautique.adapters.phones import PhonenumbersNormalizer
from beautique.adapters.ratelimit.memory import InMemoryRateLimiter
from beautique.adapters.security.bcrypt_hasher import BcryptPasswordHasher
from beautique.adapters.security.dev_secret import jwt_signing_key
from beautique.adapters.security.jwt_tokens import JwtTokenService
from beautique.adapters.sqlite.storage import SqliteStorage
from beautique.application.admin_auth import (
    AuthenticateToken,
    BootstrapFirstAdmin,
    CreateAdmin,
    Login,
    LoginDecoy,
)
from beautique.application.admin_orders import ChangeOrderStatus, ListOrders, ShowOrder
from beautique.application.admin_products import (
    CreateProduct,
    DeactivateProduct,
    DeleteProduct,
    ListAdminProducts,
    ReviseProduct,
    ShowAdminProduct,
)
from beautique.application.catalog import (
    BrowseCatalog,
    ListBestsellers,
    ListCategories,
    ShowProduct,
)
from beautique.application.catalog_cache import MONOTONIC, CatalogReadCache
from beautique.application.dashboard import ShowDashboard
from beautique.application.demo_catalog import SeedDemoCatalog
from beautique.application.demo_orders import SeedDemoOrders
from beautique.application.idempotent_checkout import IdempotentCheckout
from beautique.application.order_export import ExportOrders
from beautique.application.ordering import PlaceOrder, TrackOrder
from beautique.application.ports import HealthProbe
from beautique.application.product_images import AddProductImages
from beautique.application.product_writes import ImageCleanup, ProductWrites
from beautique.domain.product import ImageHostPolicy
from beautique.settings import Settings

if TYPE_CHECKING:
    from beautique.adapters.images.cloudinary_store import CloudinaryImageStore
    from beautique.adapters.images.pillow import PillowImageProcessor
    from beautique.adapters.postgres.storage import PostgresStorage
    from beautique.adapters.ratelimit.redis import RedisRateLimiter


class Storage(HealthProbe, Protocol):
    """What the lifespan and CLI need from a storage backend besides its repositories."""

    async def open(self) -> None: ...

    async def close(self) -> None: ...

    async def migrate(self) -> list[str]: ...


def build_storage(settings: Settings) -> SqliteStorage | PostgresStorage:
    if settings.uses_postgres:
        from beautique.adapters.postgres.database import PostgresTimeouts
        from beautique.adapters.postgres.storage import PostgresStorage

        timeouts = PostgresTimeouts(
            connect=settings.db_connect_timeout,
            statement=settings.db_statement_timeout,
            pool_wait=settings.db_pool_timeout,
        )
        return PostgresStorage(
            settings.database_url,
            max_size=settings.db_pool_max,
            prepare_threshold=settings.db_prepare_threshold,
            timeouts=timeouts,
        )
    return SqliteStorage(settings.sqlite_path, busy_timeout=settings.sqlite_busy_timeout)


def build_image_store(settings: Settings) -> CloudinaryImageStore | LocalDiskImageStore:
    """Cloudinary when CLOUDINARY_URL is set, else files under DATA_DIR/media served by the app."""
    if settings.cloudinary_url:
        from beautique.adapters.images.cloudinary_store import CloudinaryImageStore

        return CloudinaryImageStore(settings.cloudinary_url, settings.cloudinary_folder)
    return LocalDiskImageStore(settings.media_dir, settings.media_url)


def build_rate_limiter(settings: Settings) -> RedisRateLimiter | InMemoryRateLimiter:
    """Shared across instances through Redis when REDIS_URL is set, else this process's own."""
    if settings.redis_url:
        from beautique.adapters.ratelimit.redis import RedisRateLimiter

        return RedisRateLimiter(settings.redis_url)
    return InMemoryRateLimiter()


def build_image_processor(max_pixels: int) -> PillowImageProcessor:
    """Built at the first upload: a worker that never receives one never loads Pillow."""
    from beautique.adapters.images.pillow import PillowImageProcessor

    return PillowImageProcessor(max_pixels)


def image_host_policy(settings: Settings) -> ImageHostPolicy:
    return ImageHostPolicy(frozenset(settings.allowed_image_hosts), own_media=settings.media_url)


def memory_storage() -> InMemoryStorage:
    """For tests and demos: `container.storage.override(providers.Object(memory_storage()))`."""
    return InMemoryStorage()


class Container(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)
    clock = providers.Singleton(SystemClock)
    storage = providers.Singleton(build_storage, settings)

    rate_limiter = providers.Singleton(build_rate_limiter, settings)

    # The public catalogue.
    # The storefront's reads hold nothing but the repository: one of each serves every request
    # (a Factory would build one per request, a few percent of serving a cached page).
    browse_catalog = providers.Singleton(BrowseCatalog, products=storage.provided.products)
    show_product = providers.Singleton(ShowProduct, products=storage.provided.products)
    list_categories = providers.Singleton(ListCategories, products=storage.provided.products)
    list_bestsellers = providers.Singleton(ListBestsellers, products=storage.provided.products)
    seed_demo_catalog = providers.Factory(
        SeedDemoCatalog, products=storage.provided.products, clock=clock
    )
    # One cache per process (a Singleton); tests override `catalog_clock` to move time by hand.
    catalog_clock = providers.Object(MONOTONIC)
    catalog_cache: providers.Singleton[CatalogReadCache[object]] = providers.Singleton(
        CatalogReadCache, version=storage.provided.catalog_version, clock=catalog_clock
    )

    # The owner's catalogue and its images.
    image_policy = providers.Singleton(image_host_policy, settings)
    image_store = providers.Singleton(build_image_store, settings)
    image_processor = providers.Singleton(build_image_processor, settings.provided.image_max_pixels)
    product_writes = providers.Factory(ProductWrites, products=storage.provided.products)
    image_cleanup = providers.Factory(
        ImageCleanup, products=storage.provided.products, store=image_store
    )
    list_admin_products = providers.Factory(ListAdminProducts, products=storage.provided.products)
    show_admin_product = providers.Factory(ShowAdminProduct, products=storage.provided.products)
    create_product = providers.Factory(
        CreateProduct, products=storage.provided.products, policy=image_policy, clock=clock
    )
    revise_product = providers.Factory(
        ReviseProduct,
        writes=product_writes,
        cleanup=image_cleanup,
        policy=image_policy,
        clock=clock,
    )
    deactivate_product = providers.Factory(DeactivateProduct, writes=product_writes, clock=clock)
    delete_product = providers.Factory(DeleteProduct, writes=product_writes, cleanup=image_cleanup)
    add_product_images = providers.Factory(
        AddProductImages,
        writes=product_writes,
        processor=image_processor,
        store=image_store,
        cleanup=image_cleanup,
        policy=image_policy,
        clock=clock,
        max_bytes=settings.provided.image_max_bytes,
    )

    # Checkout and tracking.
    phones = providers.Singleton(PhonenumbersNormalizer, settings.provided.store_phone_region)
    store_zone = providers.Singleton(ZoneInfo, settings.provided.store_timezone)
    place_order = providers.Factory(
        PlaceOrder,
        orders=storage.provided.orders,
        phones=phones,
        clock=clock,
        store_zone=store_zone,
    )
    track_order = providers.Factory(TrackOrder, orders=storage.provided.orders, phones=phones)
    idempotent_checkout = providers.Factory(
        IdempotentCheckout,
        store=storage.provided.idempotency,
        clock=clock,
        lease_seconds=settings.provided.idempotency_lease_seconds,
    )

    # Admin sign-in.
    password_hasher = providers.Singleton(BcryptPasswordHasher, settings.provided.bcrypt_rounds)
    # Resolved once per process: JWT_SECRET, or in development the key kept in DATA_DIR.
    jwt_key = providers.Singleton(
        jwt_signing_key, settings.provided.jwt_secret, settings.provided.data_dir
    )
    token_service = providers.Singleton(JwtTokenService, jwt_key, settings.provided.jwt_ttl)
    login_decoy = providers.Singleton(LoginDecoy, password_hasher)
    admin_login = providers.Factory(
        Login,
        admins=storage.provided.admins,
        hasher=password_hasher,
        tokens=token_service,
        clock=clock,
        decoy=login_decoy,
    )
    admin_authenticate = providers.Factory(
        AuthenticateToken, admins=storage.provided.admins, tokens=token_service, clock=clock
    )
    create_admin = providers.Factory(
        CreateAdmin, admins=storage.provided.admins, hasher=password_hasher, clock=clock
    )
    bootstrap_admin = providers.Factory(
        BootstrapFirstAdmin, admins=storage.provided.admins, create=create_admin
    )

    # The owner's order screens.
    list_orders = providers.Factory(ListOrders, queries=storage.provided.order_queries)
    show_order = providers.Factory(ShowOrder, orders=storage.provided.orders)
    change_order_status = providers.Factory(
        ChangeOrderStatus, orders=storage.provided.orders, clock=clock
    )
    export_orders = providers.Factory(
        ExportOrders, queries=storage.provided.order_queries, clock=clock, store_zone=store_zone
    )
    show_dashboard = providers.Factory(
        ShowDashboard, queries=storage.provided.order_queries, clock=clock, store_zone=store_zone
    )
    seed_demo_orders = providers.Factory(
        SeedDemoOrders,
        products=storage.provided.products,
        orders=storage.provided.orders,
        clock=clock,
        store_zone=store_zone,
    )
