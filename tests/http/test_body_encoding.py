"""A JSON body must be UTF-8 (contract §1): anything else is a 400 with a readable detail on
every JSON route and every backend, never a 500."""

from __future__ import annotations

from typing import Any

import pytest

NOT_UTF8 = [
    b'{"customer_name": "Ayesha \xff Khan"}',  # a byte that never occurs in UTF-8
    b'{"username": "\xc3\x28", "password": "secret-password"}',  # a broken two-byte sequence
    b'{"notes": "\xed\xa0\x80"}',  # an encoded UTF-16 surrogate
    b'{"city": "Lahore\xe2\x82"}',  # cut off mid-character
]
PATHS = ["/api/orders", "/api/admin/login"]
DETAIL = "Request body is not valid UTF-8"


@pytest.mark.parametrize("backend", ["memory", "sqlite", "postgres"])
@pytest.mark.parametrize("path", PATHS)
def test_a_body_that_is_not_utf8_is_400_on_every_backend(
    client_factory: Any, backend: str, path: str
) -> None:
    client = client_factory(backend=backend)
    for raw in NOT_UTF8:
        response = client.post(path, content=raw, headers={"Content-Type": "application/json"})
        assert response.status_code == 400, (raw, response.text)
        assert response.json() == {"detail": DETAIL}


def test_a_latin1_charset_label_does_not_change_the_rule(client_factory: Any) -> None:
    client = client_factory()
    response = client.post(
        "/api/orders",
        content='{"customer_name": "Zoë"}'.encode("latin-1"),
        headers={"Content-Type": "application/json; charset=latin-1"},
    )
    assert response.status_code == 400
    assert response.json() == {"detail": DETAIL}
