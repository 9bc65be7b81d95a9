"""What the HTTP tests do to the app besides calling it: reach its container and storage (or its
database, as an operator would), sign an admin in, and read the one 422 shape."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from typing import Any
from uuid import UUID

import psycopg
from litestar.testing import TestClient

from beautique.application.queries import OrderQuery
from beautique.domain.product import Product
from tests.builders import ADMIN_PASSWORD, orderable_product

Client = TestClient[Any]


def container_of(client: Client) -> Any:
    return client.app.state["container"]


def store_products(client: Client, *products: Product) -> None:
    """Through the repository of the client's own container, on the app's event loop."""
    repository = container_of(client).storage().products
    for product in products:
        client.blocking_portal.call(repository.add, product)


def replace_product(client: Client, product: Product) -> None:
    repository = container_of(client).storage().products
    assert client.blocking_portal.call(repository.update, product)


def order_count(client: Client) -> int:
    queries = container_of(client).storage().order_queries
    return int(client.blocking_portal.call(queries.list_orders, OrderQuery()).total)


def add_admin(client: Client, username: str = "Ayesha") -> UUID:
    """Through the real use case and the app's own storage (whatever the backend)."""
    create = container_of(client).create_admin()
    email = f"{username.lower()}@example.com"
    admin = client.blocking_portal.call(create, username, email, ADMIN_PASSWORD)
    admin_id: UUID = admin.id
    return admin_id


# No API disables or deletes an admin: an operator does it by hand in the database.
DEACTIVATE_ADMIN = "UPDATE admins SET is_active = FALSE WHERE id = ?"
DELETE_ADMIN = "DELETE FROM admins WHERE id = ?"


def run_sql(client: Client, statement: str, admin_id: UUID) -> None:
    """One statement on the app's own database (SQLite or PostgreSQL), `?` bound to `admin_id`."""
    settings = container_of(client).settings()
    if settings.uses_postgres:
        with psycopg.connect(settings.database_url, autocommit=True) as conn:
            conn.execute(statement.replace("?", "%s"), (admin_id,))
    else:
        with closing(sqlite3.connect(settings.sqlite_path)) as conn, conn:
            conn.execute(statement, (str(admin_id),))


def login(client: Client, username: str = "Ayesha", password: str = ADMIN_PASSWORD) -> Any:
    return client.post("/api/admin/login", json={"username": username, "password": password})


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def assert_422(response: Any, *paths: str) -> dict[str, list[str]]:
    """The one validation shape: a readable detail naming every path, and `errors` by path."""
    assert response.status_code == 422, response.text
    payload = response.json()
    assert isinstance(payload["detail"], str) and payload["detail"]
    assert set(payload["errors"]) == set(paths), payload
    for path in paths:
        assert path in payload["detail"]
    errors: dict[str, list[str]] = payload["errors"]
    return errors


def stock(client: Client, **changes: Any) -> Product:
    """Put a product to order (see `orderable_product`) in the client's catalogue."""
    product = orderable_product(**changes)
    store_products(client, product)
    return product
