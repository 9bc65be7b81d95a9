"""Concurrent admin writes to one product through the real app on SQLite and PostgreSQL.

All requests run at once on one event loop (httpx's ASGI transport awaits the app directly;
Litestar's AsyncTestClient would run them one after another), so their reads, image writes and
compare-and-set saves interleave: every upload and every field must still land.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from beautique.entrypoints.http.app import create_app
from tests.conftest import make_container, settings_for
from tests.product_builders import PASSWORD, image_bytes, product_body

pytestmark = pytest.mark.parametrize("backend", ["sqlite", "postgres"])


@pytest.fixture
async def admin_client(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[tuple[httpx.AsyncClient, dict[str, str]]]:
    container = make_container(settings_for(backend, request, DATA_DIR=str(tmp_path)))
    storage = container.storage()
    await storage.open()  # what the lifespan does; the ASGI transport does not run it
    transport = httpx.ASGITransport(app=create_app(container))
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            await storage.migrate()
            await container.create_admin()("owner", "owner@example.com", PASSWORD)
            body = {"username": "owner", "password": PASSWORD}
            login = await client.post("/api/admin/login", json=body)
            yield client, {"Authorization": f"Bearer {login.json()['access_token']}"}
    finally:
        await storage.close()


async def test_eight_single_image_uploads_at_once_give_eight_images(
    admin_client: Any, tmp_path: Path
) -> None:
    client, headers = admin_client
    created = await client.post(
        "/api/admin/products", json=product_body(images=[], is_active=False), headers=headers
    )
    url = f"/api/admin/products/{created.json()['id']}/images"
    photos = [image_bytes("PNG", color=(i * 30, 60, 90)) for i in range(8)]
    responses = await asyncio.gather(
        *(
            client.post(url, files={"images": (f"p{i}.png", p, "image/png")}, headers=headers)
            for i, p in enumerate(photos)
        )
    )
    assert [r.status_code for r in responses] == [200] * 8, [r.text for r in responses]
    uploaded = {r.json()["images"][0] for r in responses}
    product = (await client.get(url.removesuffix("/images"), headers=headers)).json()
    assert len(uploaded) == 8 and set(product["images"]) == uploaded
    assert len(list((tmp_path / "media").iterdir())) == 8
    assert (
        (await client.get(url.removesuffix("/images"), headers=headers))
        .headers["etag"]
        .endswith('-v9"')
    )


async def test_two_puts_of_different_fields_at_once_both_land(admin_client: Any) -> None:
    client, headers = admin_client
    created = await client.post("/api/admin/products", json=product_body(), headers=headers)
    url = f"/api/admin/products/{created.json()['id']}"
    for round_ in range(5):  # several rounds, so the writes really meet
        name, price = f"Silk Maxi - Round {round_}", 6000 + round_
        first, second = await asyncio.gather(
            client.put(url, json={"name": name}, headers=headers),
            client.put(url, json={"regular_price": price}, headers=headers),
        )
        assert (first.status_code, second.status_code) == (200, 200)
        product = (await client.get(url, headers=headers)).json()
        assert (product["name"], product["regular_price"]) == (name, price)
