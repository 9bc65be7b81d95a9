"""load_settings: defaults that need no setup, and one clear message naming a bad variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from beautique.entrypoints.cli import main
from beautique.settings import SettingsError, load_settings

SECRET = "x" * 32


def test_defaults_need_no_setup() -> None:
    settings = load_settings({})
    assert settings.env == "development"
    assert settings.sqlite_path == Path("var/beautique.db")
    assert not settings.uses_postgres
    assert settings.cors_origins == ("http://localhost:3000", "http://127.0.0.1:3000")
    assert (settings.db_pool_max, settings.db_prepare_threshold) == (5, 5)
    assert (settings.store_timezone, settings.store_phone_region) == ("Asia/Karachi", "PK")
    assert (settings.jwt_ttl, settings.bcrypt_rounds) == (86400, 12)
    assert (settings.log_level, settings.log_format) == ("INFO", "text")


def test_database_url_selects_the_backend() -> None:
    assert load_settings({"DATABASE_URL": "postgresql://u@h/db"}).uses_postgres
    sqlite = load_settings({"DATABASE_URL": "sqlite:////srv/shop.db"})
    assert sqlite.sqlite_path == Path("/srv/shop.db")


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"DB_POOL_MAX": "many"}, "DB_POOL_MAX"),
        ({"DB_POOL_MAX": "0"}, "DB_POOL_MAX"),
        ({"DATABASE_URL": "mysql://x"}, "DATABASE_URL"),
        ({"BEAUTIQUE_ENV": "staging"}, "BEAUTIQUE_ENV"),
        ({"STORE_TIMEZONE": "Mars/Olympus"}, "STORE_TIMEZONE"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL"),
        ({"JWT_SECRET": "short"}, "JWT_SECRET"),
        ({"BEAUTIQUE_ENV": "production"}, "JWT_SECRET"),
        ({"RATE_LIMIT_ORDERS": "-1"}, "RATE_LIMIT_ORDERS"),
    ],
)
def test_a_bad_value_names_its_variable(env: dict[str, str], named: str) -> None:
    with pytest.raises(SettingsError, match=rf"^{named}: "):
        load_settings(env)


def test_production_defaults_and_secret() -> None:
    settings = load_settings({"BEAUTIQUE_ENV": "production", "JWT_SECRET": SECRET})
    assert settings.is_production and settings.log_format == "json"
    assert SECRET not in repr(settings)


def test_empty_prepare_threshold_disables_prepared_statements() -> None:
    assert load_settings({"DB_PREPARE_THRESHOLD": ""}).db_prepare_threshold is None
    assert load_settings({"DB_PREPARE_THRESHOLD": "0"}).db_prepare_threshold == 0


def test_cors_origins_are_a_trimmed_comma_list() -> None:
    settings = load_settings({"CORS_ORIGINS": " https://shop.pk , https://admin.shop.pk ,"})
    assert settings.cors_origins == ("https://shop.pk", "https://admin.shop.pk")


def test_the_cli_stops_with_one_line_for_a_bad_value(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DB_POOL_MAX", "lots")
    assert main(["migrate"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "beautique: configuration error: DB_POOL_MAX: must be a whole number, got 'lots'"
