"""POST /api/admin/products/{id}/images on the local-disk store, and GET /media/{name} (contract #14).

Every file is made with Pillow here: good ones, and each kind of bad one. A refused upload must
store nothing: the media directory is checked after every case.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient
from PIL import Image

from tests.product_builders import (
    admin_headers,
    bomb_png,
    create_product,
    image_bytes,
    phone_photo,
    upload,
)

Factory = Callable[..., TestClient[Any]]
BASE_URL = "http://127.0.0.1:8000"


@pytest.fixture
def shop(client_factory: Factory, tmp_path: Path) -> Any:
    client = client_factory(DATA_DIR=str(tmp_path), IMAGE_MAX_BYTES="200000")
    headers = admin_headers(client)
    return client, headers, create_product(client, headers), tmp_path / "media"


def stored(media: Path) -> list[str]:
    return sorted(p.name for p in media.iterdir()) if media.exists() else []


def fetch(client: TestClient[Any], url: str) -> Any:
    assert url.startswith(f"{BASE_URL}/media/")
    return client.get(url.removeprefix(BASE_URL))


def test_photos_are_stored_served_and_added_to_the_product(shop: Any) -> None:
    client, headers, product, media = shop
    response = upload(client, product["id"], headers, image_bytes("PNG"), image_bytes("WEBP"))
    assert response.status_code == 200, response.text
    body = response.json()
    assert len(body["images"]) == 2
    assert body["product"]["images"] == [*product["images"], *body["images"]]
    assert response.headers["etag"] == f'"{product["id"]}-v2"'
    assert len(stored(media)) == 2
    served = fetch(client, body["images"][1])
    assert served.status_code == 200
    assert served.headers["content-type"] == "image/webp"
    assert served.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert Image.open(io.BytesIO(served.content)).format == "WEBP"
    public = client.get(f"/api/products/{product['id']}").json()
    assert public["images"] == body["product"]["images"]  # the shop shows them at once


def test_the_files_field_is_accepted_too(shop: Any) -> None:
    client, headers, product, _ = shop
    response = upload(client, product["id"], headers, image_bytes("JPEG"), field="files")
    assert response.status_code == 200
    assert response.json()["images"][0].endswith(".jpg")


def test_a_phone_photo_loses_gps_and_camera_and_is_upright_and_web_sized(shop: Any) -> None:
    client, headers, product, _ = shop
    client_big = upload(client, product["id"], headers, phone_photo(size=(3000, 1200)))
    assert client_big.status_code == 200, client_big.text
    data = fetch(client, client_big.json()["images"][0]).content
    image = Image.open(io.BytesIO(data))
    assert image.size == (800, 2000)  # turned upright (orientation 6), long edge 2000
    assert dict(image.getexif()) == {}
    assert not {"exif", "icc_profile", "xmp", "XML:com.adobe.xmp"} & set(image.info)
    for marker in (b"Pixel 8 Pro", b"Google", b"GPS", b"Exif"):
        assert marker not in data


@pytest.mark.parametrize(
    ("make_files", "status", "field"),
    [
        (lambda: [b"just some text, renamed photo.png"], 415, "images.0"),
        (lambda: [image_bytes("GIF")], 415, "images.0"),
        (lambda: [image_bytes("PNG", size=(400, 400), color=(1, 2, 3))[:-200]], 422, "images.0"),
        (lambda: [image_bytes("PNG"), image_bytes("JPEG")[:200]], 422, "images.1"),
        (lambda: [image_bytes("PNG"), b"GIF89a not really"], 415, "images.1"),
        (lambda: [bomb_png()], 422, "images.0"),
        (lambda: [image_bytes("PNG")] * 11, 422, "images"),
        (lambda: [b"\x89PNG" + bytes(250_000)], 413, "images.0"),
    ],
    ids=["text-as-png", "gif", "truncated-png", "good-beside-truncated", "good-beside-fake-gif",
         "decompression-bomb", "eleven-files", "too-large"],
)  # fmt: skip
def test_bad_uploads_are_refused_and_nothing_is_stored(
    shop: Any, make_files: Callable[[], list[bytes]], status: int, field: str
) -> None:
    client, headers, product, media = shop
    response = upload(client, product["id"], headers, *make_files())
    assert response.status_code == status, response.text
    body = response.json()
    assert field in (body["errors"] if status == 422 else body["detail"])
    assert stored(media) == []
    assert client.get(f"/api/admin/products/{product['id']}", headers=headers).json() == product


def test_a_product_holds_at_most_ten_images(shop: Any) -> None:
    client, headers, product, media = shop
    batch = [image_bytes("PNG", color=(i, 9, 9)) for i in range(9)]
    assert upload(client, product["id"], headers, *batch).status_code == 200  # 1 + 9
    refused = upload(client, product["id"], headers, image_bytes("PNG", color=(99, 9, 9)))
    assert refused.status_code == 422
    assert "at most 10 images" in refused.json()["errors"]["images"][0]
    assert len(stored(media)) == 9


def test_a_whole_request_over_the_limit_is_413(shop: Any) -> None:
    client, headers, product, media = shop
    huge = [b"x" * 199_000] * 16  # each under the per-file limit, together over 10 x + 1 MB
    response = upload(client, product["id"], headers, *huge)
    assert response.status_code == 413
    assert stored(media) == []


def test_anything_but_multipart_is_415_and_unknown_product_404(shop: Any) -> None:
    client, headers, product, media = shop
    url = f"/api/admin/products/{product['id']}/images"
    assert client.post(url, json={"images": ["x"]}, headers=headers).status_code == 415
    text_field = client.post(
        url, data={"images": "not a file"}, files={"other": ("a", b"b")}, headers=headers
    )
    assert text_field.status_code == 422
    assert text_field.json()["errors"] == {"images.0": ["must be a file, not text"]}
    missing = upload(client, "6f1c1a52-9b0e-4c55-8a55-6b2c0f6a9e01", headers, image_bytes())
    assert missing.status_code == 404
    assert stored(media) == []


def test_permanent_delete_removes_our_files_and_leaves_foreign_images(shop: Any) -> None:
    client, headers, product, media = shop
    urls = upload(client, product["id"], headers, image_bytes("PNG"), image_bytes("JPEG")).json()[
        "images"
    ]
    deleted = client.delete(f"/api/admin/products/{product['id']}/permanent", headers=headers)
    assert deleted.status_code == 200
    assert stored(media) == []
    assert fetch(client, urls[0]).status_code == 404


def test_unknown_media_is_a_json_404(client: TestClient[Any]) -> None:
    for name in ("a" * 64 + ".png", "../beautique.db", "x.png", "%2e%2e%2fjwt-secret"):
        response = client.get(f"/media/{name}")
        assert response.status_code == 404, name
        assert response.headers["content-type"].startswith("application/json")
        assert isinstance(response.json()["detail"], str)


def test_local_urls_use_public_base_url(client_factory: Factory, tmp_path: Path) -> None:
    client = client_factory(DATA_DIR=str(tmp_path), PUBLIC_BASE_URL="https://shop.example.pk/")
    headers = admin_headers(client)
    product = create_product(client, headers)
    url = upload(client, product["id"], headers, image_bytes()).json()["images"][0]
    assert url.startswith("https://shop.example.pk/media/") and url.endswith(".png")
