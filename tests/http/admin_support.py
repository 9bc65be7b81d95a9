"""Helpers for the admin order suites: signed-in admins and orders stored through the app's own
storage (as checkout would have stored them)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dependency_injector import providers
from litestar.testing import TestClient

from beautique.domain.order import Order

Client = TestClient[Any]
PASSWORD = "correct horse battery"


def sign_in(client: Client, username: str = "sana") -> dict[str, str]:
    """Create an admin and log in through the API; headers as the admin panel sends them."""
    container = client.app.state["container"]
    client.blocking_portal.call(
        container.create_admin(), username, f"{username}@example.com", PASSWORD
    )
    response = client.post("/api/admin/login", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    # The panel sends Content-Type: application/json on every request, GETs included.
    return {
        "Authorization": f"Bearer {response.json()['access_token']}",
        "Content-Type": "application/json",
    }


def store(client: Client, *orders: Order) -> None:
    storage = client.app.state["container"].storage()
    for order in orders:  # one by one: each order's triggers see the ones before it
        client.blocking_portal.call(storage.orders.add_many, [order])


def stored(client: Client, order: Order) -> Order:
    storage = client.app.state["container"].storage()
    found: Order = client.blocking_portal.call(storage.orders.get, order.id)
    return found


class FixedClock:
    def __init__(self, now: datetime) -> None:
        self.now_value = now

    def now(self) -> datetime:
        return self.now_value


def freeze_time(client: Client, now: datetime) -> None:
    """The app's clock stands still at `now` (a UTC instant)."""
    client.app.state["container"].clock.override(providers.Object(FixedClock(now)))
