"""Builders for the admin catalogue tests: product bodies, an admin token, and images made with
Pillow on the fly (real files of every kind the upload must accept or refuse; no binary fixtures)."""

from __future__ import annotations

import io
from typing import Any

from litestar.testing import TestClient
from PIL import Image, ImageCms

PASSWORD = "correct horse battery"
CLOUDINARY_IMAGE = "https://res.cloudinary.com/demo/image/upload/v1/beautique/silk-maxi.jpg"


def product_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Silk Maxi - Red",
        "category": "Maxi",
        "description": "A flowing silk maxi for festive evenings.",
        "regular_price": 5500,
        "sale_price": 4950,
        "images": [CLOUDINARY_IMAGE],
        "sizes": ["M", "S"],
        "colors": ["Red"],
    }
    body.update(changes)
    return body


def admin_headers(client: TestClient[Any], username: str = "owner") -> dict[str, str]:
    """A bearer token of a fresh admin, created through the app's own use case."""
    container = client.app.state["container"]
    email = f"{username}@example.com"
    client.blocking_portal.call(container.create_admin(), username, email, PASSWORD)
    response = client.post("/api/admin/login", json={"username": username, "password": PASSWORD})
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def create_product(client: TestClient[Any], headers: dict[str, str], **changes: Any) -> Any:
    response = client.post("/api/admin/products", json=product_body(**changes), headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


def image_bytes(
    fmt: str = "PNG", size: tuple[int, int] = (64, 48), color: Any = (200, 30, 40), **save: Any
) -> bytes:
    mode = "RGBA" if fmt == "PNG" else ("P" if fmt == "GIF" else "RGB")
    out = io.BytesIO()
    Image.new(mode, size, color if mode != "P" else 1).save(out, fmt, **save)
    return out.getvalue()


def bomb_png(size: tuple[int, int] = (8000, 7000)) -> bytes:
    """56 million pixels in a few kilobytes: it would take hundreds of MB to decode."""
    out = io.BytesIO()
    Image.new("1", size, 0).save(out, "PNG", optimize=True)
    return out.getvalue()


def phone_photo(size: tuple[int, int] = (3000, 1200)) -> bytes:
    """A JPEG as a phone writes it: camera make and model, GPS position, an ICC profile, and
    orientation 6 (the pixels are stored sideways; viewers rotate them 90° clockwise)."""
    exif = Image.Exif()
    exif[0x010F] = "Google"  # Make
    exif[0x0110] = "Pixel 8 Pro"  # Model
    exif[0x0112] = 6  # Orientation
    exif[0x8825] = {1: "N", 2: (33.0, 41.0, 51.0), 3: "E", 4: (73.0, 3.0, 34.0)}  # GPS
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, "JPEG", exif=exif, icc_profile=srgb)
    return out.getvalue()


def upload(
    client: TestClient[Any],
    product_id: str,
    headers: dict[str, str],
    *files: bytes,
    field: str = "images",
) -> Any:
    parts = [(field, (f"photo-{i}.png", data, "image/png")) for i, data in enumerate(files)]
    return client.post(f"/api/admin/products/{product_id}/images", files=parts, headers=headers)
