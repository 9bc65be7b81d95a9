"""The Cloudinary image store through the real app and the real SDK, against a local fake of
Cloudinary's upload API (tests/fake_cloudinary.py), reached over TCP. Never a mocked SDK."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from litestar.testing import TestClient

from tests.fake_cloudinary import CLOUD, FakeCloudinary
from tests.product_builders import admin_headers, create_product, image_bytes, upload

Factory = Callable[..., TestClient[Any]]


@pytest.fixture
def fake() -> Iterator[FakeCloudinary]:
    with FakeCloudinary() as server:
        yield server


def shop(client_factory: Factory, url: str, backend: str = "memory") -> Any:
    client = client_factory(backend=backend, CLOUDINARY_URL=url, CLOUDINARY_FOLDER="shop/products")
    headers = admin_headers(client)
    return client, headers, create_product(client, headers)


@pytest.mark.parametrize("backend", ["memory", "sqlite"])
def test_uploads_land_in_the_configured_folder_and_on_the_product(
    client_factory: Factory, fake: FakeCloudinary, backend: str
) -> None:
    client, headers, product = shop(client_factory, fake.url, backend)
    response = upload(client, product["id"], headers, image_bytes("PNG"), image_bytes("JPEG"))
    assert response.status_code == 200, response.text
    urls = response.json()["images"]
    assert all(u.startswith(f"https://res.cloudinary.com/{CLOUD}/image/upload/v") for u in urls)
    assert sorted(fake.held) == sorted(
        u.split("/v1700000000/")[1].removesuffix(".jpg") for u in urls
    )
    assert all(public_id.startswith("shop/products/") for public_id in fake.held)
    assert response.json()["product"]["images"] == [*product["images"], *urls]


def test_a_failure_on_the_third_file_deletes_the_first_two_and_changes_nothing(
    client_factory: Factory, fake: FakeCloudinary
) -> None:
    client, headers, product = shop(client_factory, fake.url)
    fake.fail_upload_number = 3
    files = [image_bytes("PNG", color=(i, 1, 1)) for i in range(4)]
    response = upload(client, product["id"], headers, *files)
    assert response.status_code == 502
    assert "Rate Limit Exceeded" in response.json()["detail"]
    assert fake.uploads == 3 and len(fake.destroyed) == 2
    assert fake.held == {}
    assert client.get(f"/api/admin/products/{product['id']}", headers=headers).json() == product


def test_permanent_delete_destroys_our_images_and_leaves_pasted_ones(
    client_factory: Factory, fake: FakeCloudinary
) -> None:
    client, headers, product = shop(client_factory, fake.url)  # its image is the demo cloud's
    upload(client, product["id"], headers, image_bytes("PNG"), image_bytes("WEBP"))
    ours = set(fake.held)
    response = client.delete(f"/api/admin/products/{product['id']}/permanent", headers=headers)
    assert response.status_code == 200
    assert set(fake.destroyed) == ours and fake.held == {}


def test_an_unreachable_store_is_a_readable_502(client_factory: Factory) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"cloudinary://k:s@{CLOUD}?upload_prefix=http://127.0.0.1:{port}&timeout=5"
    client, headers, product = shop(client_factory, url)
    response = upload(client, product["id"], headers, image_bytes())
    assert response.status_code == 502
    assert response.json()["detail"].startswith("The image store failed to upload an image")


def test_wrong_credentials_are_a_502_not_a_crash(
    client_factory: Factory, fake: FakeCloudinary
) -> None:
    client, headers, product = shop(client_factory, fake.url.replace("fake-secret", "wrong"))
    response = upload(client, product["id"], headers, image_bytes())
    assert response.status_code == 502
    assert "Invalid Signature" in response.json()["detail"]
    assert fake.held == {}
