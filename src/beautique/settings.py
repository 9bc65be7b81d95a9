"""Settings: the only reader of the environment. Validated once, at start, with clear messages."""

from __future__ import annotations

import ipaddress
import os
import zoneinfo
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import SplitResult, urlsplit

Environment = Literal["development", "production"]
MIN_SECRET_BYTES = 32
DEFAULT_CORS = "http://localhost:3000,http://127.0.0.1:3000"
DEFAULT_BASE_URL = "http://127.0.0.1:8000"


class SettingsError(ValueError):
    """A setting has a bad value; the message names the variable."""


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


def _int(environ: Mapping[str, str], name: str, default: int, minimum: int = 0) -> int:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name}: must be a whole number, got {raw!r}") from None
    if value < minimum:
        raise SettingsError(f"{name}: must be at least {minimum}, got {value}")
    return value


def _bounded(environ: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    value = _int(environ, name, default, minimum=low)
    if value > high:
        raise SettingsError(f"{name}: must be at most {high}, got {value}")
    return value


def _choice(environ: Mapping[str, str], name: str, default: str, allowed: tuple[str, ...]) -> str:
    value = environ.get(name, "").strip() or default
    if value not in allowed:
        raise SettingsError(f"{name}: must be one of {', '.join(allowed)}, got {value!r}")
    return value


def _csv(raw: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in raw.split(",") if part.strip())


def _database_url(environ: Mapping[str, str]) -> str:
    url = environ.get("DATABASE_URL", "").strip()
    if url and not url.startswith(("sqlite:///", "postgresql://", "postgres://")):
        raise SettingsError("DATABASE_URL: must start with sqlite:/// or postgresql://")
    return url


def _timezone(environ: Mapping[str, str]) -> str:
    name = environ.get("STORE_TIMEZONE", "").strip() or "Asia/Karachi"
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise SettingsError(f"STORE_TIMEZONE: unknown time zone {name!r}") from None
    return name


def _jwt_secret(environ: Mapping[str, str], env: str) -> str | None:
    secret = environ.get("JWT_SECRET", "").strip() or None
    if secret is not None and len(secret.encode()) < MIN_SECRET_BYTES:
        raise SettingsError(f"JWT_SECRET: must be at least {MIN_SECRET_BYTES} bytes")
    if secret is None and env == "production":
        raise SettingsError(
            f"JWT_SECRET: required in production (at least {MIN_SECRET_BYTES} bytes)"
        )
    return secret


def _url_setting(
    environ: Mapping[str, str], name: str, fits: Callable[[SplitResult], bool], must: str
) -> str | None:
    """An optional URL setting: None when unset, else the URL `fits` accepts. A refused value is
    never echoed (a Cloudinary URL holds the API secret)."""
    raw = environ.get(name, "").strip()
    if not raw:
        return None
    try:
        valid = fits(urlsplit(raw))
    except ValueError:  # an unparsable URL, or a port out of range
        valid = False
    if not valid:
        raise SettingsError(f"{name}: must {must}")
    return raw


def _public_base_url(environ: Mapping[str, str]) -> str | None:
    url = _url_setting(
        environ,
        "PUBLIC_BASE_URL",
        lambda parts: (
            parts.scheme in ("http", "https")
            and bool(parts.hostname)
            and parts.port != 0
            and not (parts.query or parts.fragment or parts.username)
        ),
        "be an absolute http(s) URL such as https://shop.example.pk",
    )
    return None if url is None else url.rstrip("/")


def _cloudinary_url(environ: Mapping[str, str]) -> str | None:
    return _url_setting(
        environ,
        "CLOUDINARY_URL",
        lambda parts: (
            parts.scheme == "cloudinary" and all((parts.hostname, parts.username, parts.password))
        ),
        "look like cloudinary://api_key:api_secret@cloud_name",
    )


def _folder(environ: Mapping[str, str]) -> str:
    folder = environ.get("CLOUDINARY_FOLDER", "").strip().strip("/") or "beautique/products"
    if not all(
        part and part.isprintable() and part not in (".", "..") for part in folder.split("/")
    ):
        raise SettingsError("CLOUDINARY_FOLDER: must be a folder path such as beautique/products")
    return folder


def _prepare_threshold(environ: Mapping[str, str]) -> int | None:
    if "DB_PREPARE_THRESHOLD" not in environ:
        return 5  # psycopg's default
    if not environ["DB_PREPARE_THRESHOLD"].strip():
        return None  # transaction-mode poolers (PgBouncer, Neon's pooler) cannot keep prepared statements
    return _int(environ, "DB_PREPARE_THRESHOLD", 5)


def _forwarded_allow_ips(environ: Mapping[str, str]) -> tuple[str, ...]:
    entries = _csv(environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1"))
    for entry in entries:
        if entry == "*":
            continue
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise SettingsError(
                f"FORWARDED_ALLOW_IPS: {entry!r} is not an IP address, a network such as "
                "10.0.0.0/8, or *"
            ) from None
    return entries


def load_settings(environ: Mapping[str, str]) -> Settings:
    """Read and validate every setting; raise SettingsError naming the first bad variable."""
    env = _choice(environ, "BEAUTIQUE_ENV", "development", ("development", "production"))
    log_default = "json" if env == "production" else "text"
    return Settings(
        env=env,  # type: ignore[arg-type]
        data_dir=Path(environ.get("DATA_DIR", "").strip() or "var"),
        database_url=_database_url(environ),
        cors_origins=_csv(environ.get("CORS_ORIGINS", DEFAULT_CORS)),
        jwt_secret=_jwt_secret(environ, env),
        jwt_ttl=_int(environ, "JWT_TTL", 86400, minimum=60),
        admin_username=environ.get("ADMIN_USERNAME", "").strip() or None,
        admin_email=environ.get("ADMIN_EMAIL", "").strip() or None,
        admin_password=environ.get("ADMIN_PASSWORD") or None,
        bcrypt_rounds=_int(environ, "BCRYPT_ROUNDS", 12, minimum=4),
        rate_limit_login=_int(environ, "RATE_LIMIT_LOGIN", 10),
        rate_limit_tracking=_int(environ, "RATE_LIMIT_TRACKING", 20),
        rate_limit_orders=_int(environ, "RATE_LIMIT_ORDERS", 10),
        redis_url=environ.get("REDIS_URL", "").strip() or None,
        cloudinary_url=_cloudinary_url(environ),
        cloudinary_folder=_folder(environ),
        image_hosts=tuple(host.lower() for host in _csv(environ.get("IMAGE_HOSTS", ""))),
        public_base_url=_public_base_url(environ),
        image_max_bytes=_int(environ, "IMAGE_MAX_BYTES", 5 * 1024 * 1024, minimum=1),
        image_max_pixels=_int(environ, "IMAGE_MAX_PIXELS", 50_000_000, minimum=1),
        store_timezone=_timezone(environ),
        store_phone_region=(environ.get("STORE_PHONE_REGION", "").strip() or "PK").upper(),
        db_pool_max=_int(environ, "DB_POOL_MAX", 5, minimum=1),
        db_prepare_threshold=_prepare_threshold(environ),
        db_connect_timeout=_int(environ, "DB_CONNECT_TIMEOUT", 3, minimum=1),
        db_statement_timeout=_int(environ, "DB_STATEMENT_TIMEOUT", 5),
        db_pool_timeout=_int(environ, "DB_POOL_TIMEOUT", 3, minimum=1),
        sqlite_busy_timeout=_int(environ, "SQLITE_BUSY_TIMEOUT", 5, minimum=1),
        idempotency_lease_seconds=_int(environ, "IDEMPOTENCY_LEASE_SECONDS", 30, minimum=1),
        log_level=_choice(
            environ, "LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
        ),
        log_format=_choice(environ, "LOG_FORMAT", log_default, ("text", "json")),  # type: ignore[arg-type]
        forwarded_allow_ips=_forwarded_allow_ips(environ),
        header_timeout=_bounded(environ, "REQUEST_HEADER_TIMEOUT", 10, 1, 60),
        body_timeout=_int(environ, "REQUEST_BODY_TIMEOUT", 10, minimum=1),
    )


def load_settings_from_env() -> Settings:
    """The process environment: the one place it is read."""
    return load_settings(os.environ)
