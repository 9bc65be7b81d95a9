"""Image settings, the store each selects, and the image-host policy built from them."""

from __future__ import annotations

from pathlib import Path

import pytest

from beautique.container import build_image_store, image_host_policy
from beautique.entrypoints.cli import own_base_url
from beautique.settings import SettingsError, load_settings


def test_defaults_store_locally_and_serve_from_the_default_base() -> None:
    settings = load_settings({"DATA_DIR": "/srv/shop"})
    assert (settings.image_max_bytes, settings.image_max_pixels) == (5_242_880, 50_000_000)
    assert settings.cloudinary_folder == "beautique/products"
    assert settings.media_url == "http://127.0.0.1:8000/media/"
    assert settings.media_dir == Path("/srv/shop/media")
    assert type(build_image_store(settings)).__name__ == "LocalDiskImageStore"


def test_cloudinary_url_selects_cloudinary_and_is_never_echoed() -> None:
    settings = load_settings(
        {"CLOUDINARY_URL": "cloudinary://k:s@shop", "CLOUDINARY_FOLDER": "/a/b/"}
    )
    assert type(build_image_store(settings)).__name__ == "CloudinaryImageStore"
    assert settings.cloudinary_folder == "a/b"
    assert "cloudinary://" not in repr(settings)
    for bad in ("https://k:s@shop", "cloudinary://shop", "cloudinary://k@shop"):
        with pytest.raises(SettingsError, match="CLOUDINARY_URL") as caught:
            load_settings({"CLOUDINARY_URL": bad})
        assert bad not in str(caught.value)


@pytest.mark.parametrize(
    ("name", "value"),
    [("IMAGE_MAX_BYTES", "0"), ("IMAGE_MAX_PIXELS", "lots"), ("PUBLIC_BASE_URL", "shop.example.pk"),
     ("PUBLIC_BASE_URL", "ftp://shop.example.pk"), ("PUBLIC_BASE_URL", "https://x.pk/?a=1"),
     ("CLOUDINARY_FOLDER", "a/../b")],
)  # fmt: skip
def test_bad_values_name_their_variable(name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=name):
        load_settings({name: value})


def test_the_policy_accepts_our_own_media_url_exactly_and_https_hosts_as_before() -> None:
    settings = load_settings(
        {"PUBLIC_BASE_URL": "http://127.0.0.1:9000/", "IMAGE_HOSTS": "CDN.Example.pk"}
    )
    policy = image_host_policy(settings)
    name = "a" * 64 + ".jpg"
    assert policy.problem_with(f"http://127.0.0.1:9000/media/{name}") is None
    assert policy.problem_with("https://cdn.example.pk/x.jpg") is None
    assert policy.problem_with("https://res.cloudinary.com/shop/image/upload/x.jpg") is None
    refused = [
        f"http://127.0.0.1:9001/media/{name}",  # another port is another service
        f"http://127.0.0.1:9000/media/sub/{name}",
        "http://127.0.0.1:9000/media/",
        "http://cdn.example.pk/x.jpg",  # only our own media may be plain http
        "https://evil.example/x.jpg",
    ]
    assert all(policy.problem_with(url) is not None for url in refused)


def test_serve_derives_its_own_base_url() -> None:
    assert own_base_url("127.0.0.1", 8000) == "http://127.0.0.1:8000"
    assert own_base_url("0.0.0.0", 8080) == "http://127.0.0.1:8080"
    assert own_base_url("::1", 8000) == "http://[::1]:8000"
