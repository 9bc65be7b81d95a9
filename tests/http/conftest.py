"""Fixtures shared by the HTTP tests (the app itself comes from tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from beautique.domain.product import Product
from tests.http.support import Client, stock


@pytest.fixture
def shop(client_factory: Callable[..., Client]) -> tuple[Client, Product]:
    """The app over memory storage with one product to order."""
    client = client_factory()
    return client, stock(client)
