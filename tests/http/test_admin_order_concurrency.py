"""Two admins changing one order at once (contract #17): no change and no history entry is lost.

The requests really overlap: each pair is released together from a barrier, and the app serves
them on one event loop against a real SQLite file or PostgreSQL database, so both read the order
before either saves in most rounds; the loser of the save retries on a fresh copy.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from beautique.domain.order import Order
from tests.builders import make_order
from tests.http.admin_support import Client, sign_in, store

ROUNDS = 12


def at_once(
    client: Client, requests: list[tuple[dict[str, str], Order, dict[str, Any]]]
) -> list[Any]:
    barrier = threading.Barrier(len(requests))

    def send(request: tuple[dict[str, str], Order, dict[str, Any]]) -> Any:
        headers, order, body = request
        barrier.wait(timeout=30)
        return client.patch(f"/api/admin/orders/{order.id}/status", headers=headers, json=body)

    with ThreadPoolExecutor(len(requests)) as pool:
        return list(pool.map(send, requests))


def race(
    client_factory: Callable[..., Client],
    backend: str,
    sana_body: dict[str, Any],
    omar_body: dict[str, Any],
) -> tuple[Client, dict[str, str], list[Order], list[Any]]:
    """ROUNDS orders, each changed by sana and omar at once: the client, sana's headers, the
    orders and the responses, sana's and omar's for each order in turn."""
    client = client_factory(backend=backend)
    sana, omar = sign_in(client, "sana"), sign_in(client, "omar")
    orders = [make_order(n) for n in range(1, ROUNDS + 1)]
    store(client, *orders)
    requests = [
        request
        for order in orders
        for request in ((sana, order, sana_body), (omar, order, omar_body))
    ]
    return client, sana, orders, at_once(client, requests)


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_two_admins_changing_different_fields_both_land(
    client_factory: Callable[..., Client], backend: str
) -> None:
    client, sana, orders, responses = race(
        client_factory,
        backend,
        {"payment_status": "Paid"},
        {"order_status": "Processing", "tracking_notes": "Stitching"},
    )
    assert [r.status_code for r in responses] == [200] * 2 * ROUNDS
    for order in orders:
        view = client.get(f"/api/admin/orders/{order.id}", headers=sana).json()
        assert (view["payment_status"], view["order_status"]) == ("Paid", "Processing")
        assert view["tracking_notes"] == "Stitching"
        assert sorted((h["field"], h["to"], h["by"]) for h in view["history"]) == [
            ("order_status", "Processing", "omar"),
            ("payment_status", "Paid", "sana"),
        ]


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_a_change_made_illegal_by_the_other_admin_is_409_and_nothing_is_half_done(
    client_factory: Callable[..., Client], backend: str
) -> None:
    client, sana, orders, responses = race(
        client_factory, backend, {"order_status": "Cancelled"}, {"order_status": "Ready"}
    )
    for number, order in enumerate(orders):
        cancel, ready = responses[2 * number], responses[2 * number + 1]
        view = client.get(f"/api/admin/orders/{order.id}", headers=sana).json()
        assert cancel.status_code == 200 and view["order_status"] == "Cancelled"
        moves = [(h["from"], h["to"], h["by"]) for h in view["history"]]
        if ready.status_code == 200:  # omar was first: the cancel came after his move
            assert moves == [("Received", "Ready", "omar"), ("Ready", "Cancelled", "sana")]
        else:  # sana was first: Cancelled is final, so Ready is refused
            assert ready.status_code == 409 and "Cancelled" in ready.json()["detail"]
            assert moves == [("Received", "Cancelled", "sana")]
