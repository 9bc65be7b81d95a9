"""How each environment variable is read and checked: one small reader per kind of value, each
raising SettingsError that names the variable (and never echoes a secret)."""

from __future__ import annotations

import ipaddress
import zoneinfo
from collections.abc import Callable, Mapping
from urllib.parse import SplitResult, urlsplit

MIN_SECRET_BYTES = 32


class SettingsError(ValueError):
    """A setting has a bad value; the message names the variable."""


def int_setting(environ: Mapping[str, str], name: str, default: int, minimum: int = 0) -> int:
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


def bounded_int(environ: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    value = int_setting(environ, name, default, minimum=low)
    if value > high:
        raise SettingsError(f"{name}: must be at most {high}, got {value}")
    return value


def choice(environ: Mapping[str, str], name: str, default: str, allowed: tuple[str, ...]) -> str:
    value = environ.get(name, "").strip() or default
    if value not in allowed:
        raise SettingsError(f"{name}: must be one of {', '.join(allowed)}, got {value!r}")
    return value


def csv_list(raw: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in raw.split(",") if part.strip())


def database_url(environ: Mapping[str, str]) -> str:
    url = environ.get("DATABASE_URL", "").strip()
    if url and not url.startswith(("sqlite:///", "postgresql://", "postgres://")):
        raise SettingsError("DATABASE_URL: must start with sqlite:/// or postgresql://")
    return url


def timezone(environ: Mapping[str, str]) -> str:
    name = environ.get("STORE_TIMEZONE", "").strip() or "Asia/Karachi"
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise SettingsError(f"STORE_TIMEZONE: unknown time zone {name!r}") from None
    return name


def jwt_secret(environ: Mapping[str, str], env: str) -> str | None:
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


def public_base_url(environ: Mapping[str, str]) -> str | None:
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


def cloudinary_url(environ: Mapping[str, str]) -> str | None:
    return _url_setting(
        environ,
        "CLOUDINARY_URL",
        lambda parts: (
            parts.scheme == "cloudinary" and all((parts.hostname, parts.username, parts.password))
        ),
        "look like cloudinary://api_key:api_secret@cloud_name",
    )


def cloudinary_folder(environ: Mapping[str, str]) -> str:
    folder = environ.get("CLOUDINARY_FOLDER", "").strip().strip("/") or "beautique/products"
    if not all(
        part and part.isprintable() and part not in (".", "..") for part in folder.split("/")
    ):
        raise SettingsError("CLOUDINARY_FOLDER: must be a folder path such as beautique/products")
    return folder


def prepare_threshold(environ: Mapping[str, str]) -> int | None:
    if "DB_PREPARE_THRESHOLD" not in environ:
        return 5  # psycopg's default
    if not environ["DB_PREPARE_THRESHOLD"].strip():
        return None  # transaction-mode poolers (PgBouncer, Neon's pooler) cannot keep prepared statements
    return int_setting(environ, "DB_PREPARE_THRESHOLD", 5)


def forwarded_allow_ips(environ: Mapping[str, str]) -> tuple[str, ...]:
    entries = csv_list(environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1"))
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
