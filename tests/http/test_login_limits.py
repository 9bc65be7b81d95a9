"""Login is limited per client address across usernames too (3 x RATE_LIMIT_LOGIN a minute),
so one address cannot try many usernames; the per-username budget still applies first."""

from __future__ import annotations

from typing import Any


def test_one_address_trying_many_usernames_is_limited(client_factory: Any) -> None:
    client = client_factory(RATE_LIMIT_LOGIN="2")
    attempts = [
        client.post("/api/admin/login", json={"username": f"user{n}", "password": "password1"})
        for n in range(7)
    ]
    assert [r.status_code for r in attempts] == [401] * 6 + [429]
    assert int(attempts[-1].headers["retry-after"]) >= 1
    assert "retry" in attempts[-1].json()["detail"]


def test_zero_disables_the_address_rule_too(client_factory: Any) -> None:
    client = client_factory(RATE_LIMIT_LOGIN="0")
    statuses = {
        client.post(
            "/api/admin/login", json={"username": f"u{n}xx", "password": "password1"}
        ).status_code
        for n in range(40)
    }
    assert statuses == {401}
