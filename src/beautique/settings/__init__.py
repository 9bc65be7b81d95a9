"""Settings: the only reader of the environment. Validated once, at start, with clear messages."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from .readers import SettingsError as SettingsError  # part of this module's interface
from .readers import (
    bounded_int,
    choice,
    cloudinary_folder,
    cloudinary_url,
    csv_list,
    database_url,
    forwarded_allow_ips,
    int_setting,
    jwt_secret,
    prepare_threshold,
    public_base_url,
    timezone,
)

Environment = Literal["development", "production"]
DEFAULT_CORS = "http://localhost:3000,http://127.0.0.1:3000"
DEFAULT_BASE_URL = "http://127.0.0.1:8000"


@dataclass(frozen=True, slots=True)
class Settings:
    env: Environment = "development"
    data_dir: Path = Path("var")
    database_url: str = ""
    cors_origins: tuple[str, ...] = tuple(DEFAULT_CORS.split(","))
    jwt_secret: str | None = field(default=None, repr=False)
    jwt_ttl: int = 86400
    admin_username: str | None = None
    admin_email: str | None = None
    admin_password: str | None = field(default=None, repr=False)
    bcrypt_rounds: int = 12
    rate_limit_login: int = 10
    rate_limit_tracking: int = 20
    rate_limit_orders: int = 10
    redis_url: str | None = None
    cloudinary_url: str | None = field(default=None, repr=False)
    cloudinary_folder: str = "beautique/products"
    image_hosts: tuple[str, ...] = ()
    # None: not configured; `beautique serve` then uses http://{host}:{port} of what it serves.
    public_base_url: str | None = None
    image_max_bytes: int = 5 * 1024 * 1024
    image_max_pixels: int = 50_000_000
    store_timezone: str = "Asia/Karachi"
    store_phone_region: str = "PK"
    db_pool_max: int = 5
    db_prepare_threshold: int | None = 5
    # Seconds. How long a request may wait on the database before it gets a 503 (reliability.md).
    db_connect_timeout: int = 3
    db_statement_timeout: int = 5
    db_pool_timeout: int = 3
    sqlite_busy_timeout: int = 5
    idempotency_lease_seconds: int = 30
    log_level: str = "INFO"
    log_format: Literal["text", "json"] = "text"
    # The edge (entrypoints/server.py, entrypoints/http/edge.py): proxies whose X-Forwarded-For
    # is believed, and how long a client may take to send its headers (or idle between
    # requests) and its body.
    forwarded_allow_ips: tuple[str, ...] = ("127.0.0.1", "::1")
    header_timeout: int = 10
    body_timeout: int = 10

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def uses_postgres(self) -> bool:
        return self.database_url.startswith(("postgresql://", "postgres://"))

    @property
    def sqlite_path(self) -> Path:
        """The SQLite file: `sqlite:///relative` or `sqlite:////absolute`, else DATA_DIR/beautique.db."""
        if self.database_url.startswith("sqlite:///"):
            return Path(self.database_url.removeprefix("sqlite:///"))
        return self.data_dir / "beautique.db"

    @property
    def base_url(self) -> str:
        """This service's absolute base URL, without a trailing slash."""
        return self.public_base_url or DEFAULT_BASE_URL

    @property
    def media_url(self) -> str:
        """Where locally stored images are served: `{base_url}/media/`."""
        return f"{self.base_url}/media/"

    @property
    def media_dir(self) -> Path:
        return self.data_dir / "media"

    @property
    def allowed_image_hosts(self) -> tuple[str, ...]:
        own = urlsplit(self.base_url).hostname or ""
        return ("res.cloudinary.com", *((own,) if own else ()), *self.image_hosts)


def load_settings(environ: Mapping[str, str]) -> Settings:
    """Read and validate every setting; raise SettingsError naming the first bad variable."""
    env = choice(environ, "BEAUTIQUE_ENV", "development", ("development", "production"))
    log_default = "json" if env == "production" else "text"
    return Settings(
        env=env,  # type: ignore[arg-type]
        data_dir=Path(environ.get("DATA_DIR", "").strip() or "var"),
        database_url=database_url(environ),
        cors_origins=csv_list(environ.get("CORS_ORIGINS", DEFAULT_CORS)),
        jwt_secret=jwt_secret(environ, env),
        jwt_ttl=int_setting(environ, "JWT_TTL", 86400, minimum=60),
        admin_username=environ.get("ADMIN_USERNAME", "").strip() or None,
        admin_email=environ.get("ADMIN_EMAIL", "").strip() or None,
        admin_password=environ.get("ADMIN_PASSWORD") or None,
        bcrypt_rounds=int_setting(environ, "BCRYPT_ROUNDS", 12, minimum=4),
        rate_limit_login=int_setting(environ, "RATE_LIMIT_LOGIN", 10),
        rate_limit_tracking=int_setting(environ, "RATE_LIMIT_TRACKING", 20),
        rate_limit_orders=int_setting(environ, "RATE_LIMIT_ORDERS", 10),
        redis_url=environ.get("REDIS_URL", "").strip() or None,
        cloudinary_url=cloudinary_url(environ),
        cloudinary_folder=cloudinary_folder(environ),
        image_hosts=tuple(host.lower() for host in csv_list(environ.get("IMAGE_HOSTS", ""))),
        public_base_url=public_base_url(environ),
        image_max_bytes=int_setting(environ, "IMAGE_MAX_BYTES", 5 * 1024 * 1024, minimum=1),
        image_max_pixels=int_setting(environ, "IMAGE_MAX_PIXELS", 50_000_000, minimum=1),
        store_timezone=timezone(environ),
        store_phone_region=(environ.get("STORE_PHONE_REGION", "").strip() or "PK").upper(),
        db_pool_max=int_setting(environ, "DB_POOL_MAX", 5, minimum=1),
        db_prepare_threshold=prepare_threshold(environ),
        db_connect_timeout=int_setting(environ, "DB_CONNECT_TIMEOUT", 3, minimum=1),
        db_statement_timeout=int_setting(environ, "DB_STATEMENT_TIMEOUT", 5),
        db_pool_timeout=int_setting(environ, "DB_POOL_TIMEOUT", 3, minimum=1),
        sqlite_busy_timeout=int_setting(environ, "SQLITE_BUSY_TIMEOUT", 5, minimum=1),
        idempotency_lease_seconds=int_setting(environ, "IDEMPOTENCY_LEASE_SECONDS", 30, minimum=1),
        log_level=choice(
            environ, "LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
        ),
        log_format=choice(environ, "LOG_FORMAT", log_default, ("text", "json")),  # type: ignore[arg-type]
        forwarded_allow_ips=forwarded_allow_ips(environ),
        header_timeout=bounded_int(environ, "REQUEST_HEADER_TIMEOUT", 10, 1, 60),
        body_timeout=int_setting(environ, "REQUEST_BODY_TIMEOUT", 10, minimum=1),
    )


def load_settings_from_env() -> Settings:
    """The process environment: the one place it is read."""
    return load_settings(os.environ)
